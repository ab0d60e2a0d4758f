using Portal.Data.ErpClients;

namespace Portal.Data.Tests.ErpClients;

public sealed class SecretHasherTests
{
    [Fact]
    public void The_right_secret_verifies_and_a_wrong_one_does_not()
    {
        var secret = SecretHasher.NewSecret();
        var stored = SecretHasher.Hash(secret);

        Assert.True(SecretHasher.Verify(secret, stored));
        Assert.False(SecretHasher.Verify(secret + "x", stored));
        Assert.False(SecretHasher.Verify(SecretHasher.NewSecret(), stored));
        Assert.False(SecretHasher.Verify("", stored));
    }

    [Fact]
    public void The_same_secret_hashes_differently_each_time_and_is_never_stored_in_clear()
    {
        var first = SecretHasher.Hash("correct horse battery staple");
        var second = SecretHasher.Hash("correct horse battery staple");

        Assert.NotEqual(first, second);
        Assert.DoesNotContain("correct horse", first);
        Assert.StartsWith("pbkdf2-sha256$", first);
        Assert.True(SecretHasher.Verify("correct horse battery staple", second));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-secret")]
    [InlineData("md5$1$abc$def")]
    [InlineData("pbkdf2-sha256$many$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$60000$not base64!$AAAA")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$60000$AAAA$")]
    public void A_malformed_stored_hash_never_verifies(string stored) =>
        Assert.False(SecretHasher.Verify("plain-text-secret", stored));

    [Fact]
    public void New_secrets_are_long_url_safe_and_distinct()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => SecretHasher.NewSecret()).ToList();

        Assert.Equal(50, secrets.Distinct().Count());
        Assert.All(secrets, s =>
        {
            Assert.Equal(43, s.Length);
            Assert.Matches("^[A-Za-z0-9_-]+$", s);
        });
    }
}
