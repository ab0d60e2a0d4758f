using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.SharedKeys;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.OAuth;

/// <summary>A portal given Portal:KeyEncryptionKey keeps its signing and data-protection keys encrypted in shared_keys.</summary>
public sealed class KeyEncryptionTests
{
    [Theory, OnBothDatabases]
    public async Task Tokens_and_sign_in_work_while_every_shared_key_is_stored_encrypted(DatabaseProvider provider)
    {
        await using var portal = new EncryptingPortal(provider, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var token = await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret);
        using var nina = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var (status, _, _) = await nina.GetAsync("/notifications");

        Assert.NotEmpty(token);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = (await connection.QueryAsync<(string Name, string Value)>("SELECT name, value FROM shared_keys")).ToList();
        Assert.Contains(rows, r => r.Name == "oauth:signing-key");
        Assert.Contains(rows, r => r.Name.StartsWith("data-protection:", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.StartsWith(SharedKeyCipher.Prefix, r.Value));
    }

    [Fact]
    public async Task A_key_that_is_not_32_bytes_of_base64_stops_the_start_naming_the_setting()
    {
        await using var portal = new EncryptingPortal(DatabaseProvider.Sqlite, "too-short");

        var error = Assert.Throws<InvalidOperationException>(() => portal.Server);

        Assert.Contains("Portal:KeyEncryptionKey must be 32 bytes in base64", error.Message);
    }

    private sealed class EncryptingPortal(DatabaseProvider provider, string key) : PortalFactory(provider)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:KeyEncryptionKey", key);
        }
    }
}
