using System.Security.Cryptography;
using System.Text;

namespace Portal.Data.SharedKeys;

/// <summary>
/// Encrypts the values of <c>shared_keys</c> (token signing key, data-protection key ring) with AES-256-GCM under a
/// key-encryption key from configuration, so that a copy of the database or a backup does not hand out the keys that
/// sign tokens and cookies. Each value is bound to its row's name (associated data), so values cannot be swapped
/// between rows. Without a key, values are stored and read as they are, as before.
/// </summary>
public sealed class SharedKeyCipher
{
    /// <summary>Marks an encrypted value; a value without it is a plain one from before (or without) encryption.</summary>
    public const string Prefix = "aes256gcm:v1:";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[]? _key;

    private SharedKeyCipher(byte[]? key) => _key = key;

    public static SharedKeyCipher None { get; } = new(null);

    /// <summary>The cipher for a configured key: base64 of 32 random bytes (e.g. <c>openssl rand -base64 32</c>); empty means none.</summary>
    public static SharedKeyCipher FromBase64(string? configured, string settingName)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return None;
        }
        var key = new byte[32];
        if (!Convert.TryFromBase64String(configured.Trim(), key, out var length) || length != key.Length)
        {
            throw new InvalidOperationException($"{settingName} must be 32 bytes in base64 (44 characters, e.g. from `openssl rand -base64 32`).");
        }
        return new SharedKeyCipher(key);
    }

    public bool HasKey => _key is not null;

    public static bool IsEncrypted(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>What to store for <paramref name="value"/> under <paramref name="name"/>: encrypted when there is a key.</summary>
    public string Seal(string name, string value)
    {
        if (_key is null)
        {
            return value;
        }
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(name));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The value stored under <paramref name="name"/>; plain values pass through. Throws <see cref="SharedKeyException"/> when it cannot be decrypted.</summary>
    public string Open(string name, string stored)
    {
        if (!IsEncrypted(stored))
        {
            return stored;
        }
        if (_key is null)
        {
            throw new SharedKeyException($"The shared key '{name}' is encrypted, but no key-encryption key is configured.");
        }
        try
        {
            var sealedBytes = Convert.FromBase64String(stored[Prefix.Length..]);
            var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), plain, Encoding.UTF8.GetBytes(name));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is AuthenticationTagMismatchException or FormatException or OverflowException or ArgumentException)
        {
            throw new SharedKeyException($"The shared key '{name}' does not decrypt with the configured key-encryption key: it was encrypted with another key, or altered.", e);
        }
    }
}
