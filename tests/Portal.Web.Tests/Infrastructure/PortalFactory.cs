using System.Text.Json;
using System.Text.Json.Serialization;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Database;
using Portal.Web.OAuth;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The whole portal in memory, as Program.cs builds it, on a database of its own with the demo seeded. Give it a
/// <see cref="FakeTimeProvider"/> to control the clock that the portal (and OpenIddict) read. Subclasses may override
/// <see cref="ConfigureWebHost"/> to change more, calling the base first.
/// </summary>
public class PortalFactory(DatabaseProvider provider = DatabaseProvider.Sqlite, FakeTimeProvider? clock = null) : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = TestDatabase.Create(provider);

    /// <summary>Null unless the factory was given one; then it is the portal's only clock.</summary>
    public FakeTimeProvider? Clock => clock;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:Database:Provider", provider.ToString());
        builder.UseSetting("Portal:Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Portal:DataDirectory", _database.Directory);
        builder.UseSetting("Portal:Demo:Seed", "true");
        // The clock of a test host is a fake; a nightly job starting mid-run would change the data under the tests.
        builder.UseSetting("Portal:RecurringJobsOnSchedule", "false");
        // Every test signs in and asks for tokens from the same address; RateLimitTests set their own limits.
        foreach (var limit in new[] { "SignInPerAddress", "SignInPerAccount", "TokenPerAddress", "TokenPerClient" })
        {
            builder.UseSetting($"Portal:RateLimits:{limit}", "100000");
        }
        if (clock is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });
        }
    }

    // A setting that lost to appsettings.json would send tests to the developer's own database: refuse to go on.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        var used = host.Services.GetRequiredService<DatabaseOptions>();
        if (used.Provider != provider || used.ConnectionString != _database.ConnectionString)
        {
            throw new InvalidOperationException($"The portal under test uses {used.Provider} '{used.ConnectionString}', not its test database.");
        }
        return host;
    }

    /// <summary>Posts a client-credentials request to the token endpoint, as an ERP would (client_secret_post).</summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(string clientId, string secret, string? scope = null, string grantType = "client_credentials")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = grantType, ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        using var client = CreateClient();
        return await client.PostAsync(OAuthServices.TokenEndpoint, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    /// <summary>A real access token from the token endpoint; fails the test with the server's answer when there is none.</summary>
    public async Task<string> GetTokenAsync(string clientId, string secret, string? scope = null)
    {
        using var response = await RequestTokenAsync(clientId, secret, scope);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"No token for {clientId}: {(int)response.StatusCode} {body}");
        var token = JsonSerializer.Deserialize<TokenResponse>(body);
        return token?.AccessToken ?? throw new InvalidOperationException($"The token response had no access token: {body}");
    }

    /// <summary>A gRPC channel to the in-memory server. The caller disposes it.</summary>
    public GrpcChannel CreateGrpcChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>The headers that carry an access token on a gRPC call.</summary>
    public static Metadata Bearer(string accessToken) => new() { { "Authorization", $"Bearer {accessToken}" } };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
        GC.SuppressFinalize(this);
    }

    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("scope")] string? Scope);
}
