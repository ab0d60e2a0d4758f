using System.Security.Cryptography;
using Dapper;
using Portal.Data.Database;
using Portal.Data.SharedKeys;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.SharedKeys;

public sealed class SharedKeyStoreTests
{
    private const string Setting = "Portal:KeyEncryptionKey";
    private const string Pem = "-----BEGIN PRIVATE KEY-----\nMIIE...secret...\n-----END PRIVATE KEY-----";

    [Theory, OnBothDatabases]
    public async Task With_a_key_values_are_stored_encrypted_and_read_back_in_clear(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var store = Store(db, NewCipher());

        var stored = await store.AddIfAbsentAsync("oauth:signing-key", Pem, Ct);

        Assert.Equal(Pem, stored);
        Assert.Equal(Pem, await store.ReadAsync("oauth:signing-key", Ct));
        var raw = await RawAsync(db, "oauth:signing-key");
        Assert.StartsWith(SharedKeyCipher.Prefix, raw);
        Assert.DoesNotContain("secret", raw);
    }

    [Theory, OnBothDatabases]
    public async Task Plain_rows_from_before_keep_working_and_are_encrypted_at_start_up_once_a_key_is_configured(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        await Store(db, SharedKeyCipher.None).AddIfAbsentAsync("data-protection:key-1", "<key id=\"1\" />", Ct);
        await Store(db, SharedKeyCipher.None).AddIfAbsentAsync("oauth:signing-key", Pem, Ct);
        Assert.Equal(Pem, await RawAsync(db, "oauth:signing-key"));
        var store = Store(db, NewCipher());

        Assert.Equal(["<key id=\"1\" />"], await store.ReadAllAsync("data-protection:", Ct));
        Assert.Equal(2, await store.CheckAndEncryptAsync(Ct));
        Assert.Equal(0, await store.CheckAndEncryptAsync(Ct));

        Assert.StartsWith(SharedKeyCipher.Prefix, await RawAsync(db, "oauth:signing-key"));
        Assert.StartsWith(SharedKeyCipher.Prefix, await RawAsync(db, "data-protection:key-1"));
        Assert.Equal(Pem, await store.ReadAsync("oauth:signing-key", Ct));
        Assert.Equal(["<key id=\"1\" />"], await store.ReadAllAsync("data-protection:", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_wrong_key_or_none_stops_the_start_up_with_a_clear_error_and_changes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        await Store(db, NewCipher()).AddIfAbsentAsync("oauth:signing-key", Pem, Ct);
        var before = await RawAsync(db, "oauth:signing-key");

        var wrong = await Assert.ThrowsAsync<SharedKeyException>(() => Store(db, NewCipher()).CheckAndEncryptAsync(Ct));
        var none = await Assert.ThrowsAsync<SharedKeyException>(() => Store(db, SharedKeyCipher.None).CheckAndEncryptAsync(Ct));

        Assert.Contains("'oauth:signing-key' does not decrypt with the configured key-encryption key", wrong.Message);
        Assert.Contains("no key-encryption key is configured", none.Message);
        Assert.Equal(before, await RawAsync(db, "oauth:signing-key"));
    }

    [Theory, OnBothDatabases]
    public async Task An_encrypted_value_copied_into_another_row_does_not_decrypt(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var cipher = NewCipher();
        var store = Store(db, cipher);
        await store.AddIfAbsentAsync("oauth:signing-key", Pem, Ct);
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("INSERT INTO shared_keys (name, value, created_at) SELECT 'data-protection:planted', value, created_at FROM shared_keys WHERE name = 'oauth:signing-key'");
        }

        await Assert.ThrowsAsync<SharedKeyException>(() => store.ReadAllAsync("data-protection:", Ct));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj")]
    public void A_key_that_is_not_32_bytes_of_base64_is_refused_naming_the_setting(string configured) =>
        Assert.Contains($"{Setting} must be 32 bytes in base64", Assert.Throws<InvalidOperationException>(() => SharedKeyCipher.FromBase64(configured, Setting)).Message);

    [Fact]
    public void No_key_configured_means_no_encryption()
    {
        Assert.False(SharedKeyCipher.FromBase64(" ", Setting).HasKey);
        Assert.Equal(Pem, SharedKeyCipher.None.Seal("oauth:signing-key", Pem));
    }

    private static SharedKeyCipher NewCipher() => SharedKeyCipher.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Setting);

    private static SharedKeyStore Store(TestDatabase db, SharedKeyCipher cipher) => new(db.Database, cipher, db.Clock);

    private static async Task<string> RawAsync(TestDatabase db, string name)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.QuerySingleAsync<string>("SELECT value FROM shared_keys WHERE name = @name", new { name });
    }
}
