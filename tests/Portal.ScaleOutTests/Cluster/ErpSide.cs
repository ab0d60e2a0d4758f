using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Grpc.Core;
using Grpc.Net.Client;
using Portal.Erp.V1;

namespace Portal.ScaleOutTests.Cluster;

/// <summary>An ERP system's side: the demo's Nordlab client, tokens from a chosen address, gRPC to a chosen address.</summary>
public static class ErpSide
{
    public const string ClientId = "nordlab-erp";
    public const string Secret = "nordlab-demo-secret-7Q2x";

    public static async Task<string> TokenAsync(Uri web, string clientId = ClientId, string secret = Secret)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(web, "/connect/token"), Form(clientId, secret));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    public static FormUrlEncodedContent Form(string clientId, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
    });

    public static Metadata Bearer(string token) => new() { { "Authorization", $"Bearer {token}" } };

    public static GrpcChannel Channel(Uri grpc) => GrpcChannel.ForAddress(grpc);

    /// <summary>Which node the balancer sent a call to (its X-Served-By), once the call has answered.</summary>
    public static async Task<string> ServedByAsync<T>(AsyncUnaryCall<T> call)
    {
        await call;
        return (await call.ResponseHeadersAsync).GetValue(Balancer.ServedBy.ToLowerInvariant()) ?? "(not the balancer)";
    }

    /// <summary>
    /// Makes the balancer's round robin send the next gRPC call to <paramref name="next"/>: calls that go elsewhere are
    /// cheap position reads.
    /// </summary>
    public static async Task AlignAsync(ErpSyncService.ErpSyncServiceClient sync, Metadata headers, string next)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (await ServedByAsync(sync.GetStreamPositionAsync(new GetStreamPositionRequest { StreamId = "align" }, headers)) != next) return;
        }
        throw new InvalidOperationException($"The balancer keeps sending gRPC calls to {next}: not round robin.");
    }

    /// <summary>Every change of the caller's partnership that <paramref name="feed"/> serves, from the start to its head.</summary>
    public static async Task<(List<Change> Changes, string Head)> ReadFeedAsync(ChangeFeedService.ChangeFeedServiceClient feed, Metadata headers)
    {
        var changes = new List<Change>();
        var cursor = "";
        while (true)
        {
            var page = await feed.GetChangesAsync(new GetChangesRequest { Cursor = cursor, MaxChanges = 1000 }, headers);
            changes.AddRange(page.Changes);
            cursor = page.NextCursor;
            if (page.HeadReached) return (changes, cursor);
        }
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);
}
