using System.Security.Cryptography;

namespace Portal.Data.ErpClients;

/// <summary>PBKDF2-SHA256 with a random salt; secrets are never stored or shown again after creation.</summary>
public static class SecretHasher
{
    private const int Iterations = 60_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>False for a wrong secret and for a stored value that is not a hash of ours: a damaged row fails closed.</summary>
    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations) || iterations <= 0
            || !TryFromBase64(parts[2], out var salt) || !TryFromBase64(parts[3], out var expected)
            // An empty expected hash would equal the empty hash derived from any secret.
            || expected.Length == 0)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryFromBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[text.Length];
        var ok = Convert.TryFromBase64String(text, buffer, out var written);
        bytes = buffer[..written];
        return ok;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
