using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Grpc.Core;
using Grpc.Net.Client;

namespace Portal.ErpSim;

/// <summary>
/// How an ERP system talks to the portal: an OAuth2 client-credentials token from the token endpoint, then gRPC
/// calls that carry it. The token is fetched again shortly before it expires.
/// </summary>
public sealed class PortalConnection(Uri tokenEndpoint, Uri grpcAddress, string clientId, string secret, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
    private string? _token;
    private DateTimeOffset _tokenExpires;

    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(grpcAddress, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = handler is null });

    /// <summary>Headers for one call, with a valid access token.</summary>
    public async Task<Metadata> HeadersAsync(CancellationToken cancellationToken)
    {
        if (_token is null || DateTimeOffset.UtcNow > _tokenExpires)
        {
            using var response = await _http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
            }), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The token endpoint refused {clientId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new InvalidOperationException("The token endpoint answered without a token.");
            _token = token.AccessToken;
            // A minute's margin, so that a call never leaves with a token that expires on the way.
            _tokenExpires = DateTimeOffset.UtcNow.AddSeconds(Math.Max(0, token.ExpiresIn - 60));
        }
        return new Metadata { { "Authorization", $"Bearer {_token}" } };
    }

    public void Dispose()
    {
        Channel.Dispose();
        _http.Dispose();
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
