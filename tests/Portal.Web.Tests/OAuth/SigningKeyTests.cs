using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Portal.Data.Database;
using Portal.Data.SharedKeys;
using Portal.Web.Hosting;
using Portal.Web.OAuth;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.OAuth;

public sealed class SigningKeyTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_portal_signs_with_the_key_kept_in_the_database(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var signing = portal.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials;

        var stored = await portal.Services.GetRequiredService<SigningKeyStore>().GetOrCreateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Modulus(stored), Modulus((RsaSecurityKey)Assert.Single(signing).Key));
    }

    [Theory, OnBothDatabases]
    public async Task Nodes_starting_together_on_an_empty_database_end_up_with_one_key(DatabaseProvider provider)
    {
        using var testDatabase = TestDatabase.Create(provider);
        var database = new PortalDatabase(testDatabase.Options);
        await new Migrator(database, testDatabase.Options, NullLogger<Migrator>.Instance).MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);

        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new SigningKeyStore(new PortalOptions(), new SharedKeyStore(database, SharedKeyCipher.None, TimeProvider.System)).GetOrCreateAsync(TestContext.Current.CancellationToken))));

        Assert.Single(keys.Select(Modulus).Distinct());
    }

    [Fact]
    public async Task A_configured_key_is_used_instead_of_the_database()
    {
        using var rsa = RSA.Create(2048);
        var options = new PortalOptions { Tokens = { SigningKeyPem = rsa.ExportPkcs8PrivateKeyPem() } };
        // A database that cannot be opened: the configured key must not need one.
        var unreachable = new PortalDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=unreachable.invalid" });

        var key = await new SigningKeyStore(options, new SharedKeyStore(unreachable, SharedKeyCipher.None, TimeProvider.System)).GetOrCreateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToBase64String(rsa.ExportParameters(false).Modulus!), Modulus(key));
    }

    private static string Modulus(RsaSecurityKey key) => Convert.ToBase64String(key.Rsa.ExportParameters(false).Modulus!);
}
