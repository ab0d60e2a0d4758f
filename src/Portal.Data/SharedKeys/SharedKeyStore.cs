using Dapper;
using Portal.Data.Database;

namespace Portal.Data.SharedKeys;

/// <summary>
/// The keys every node must share (token signing, data protection), in <c>shared_keys</c>: written once by whichever
/// node needs one first, encrypted by <see cref="SharedKeyCipher"/> when a key-encryption key is configured.
/// </summary>
public sealed class SharedKeyStore(PortalDatabase database, SharedKeyCipher cipher, TimeProvider clock)
{
    private sealed record Row(string Name, string Value);

    public async Task<string?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT value FROM shared_keys WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return stored is null ? null : cipher.Open(name, stored);
    }

    /// <summary>The values of every key whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> ReadAllAsync(string prefix, CancellationToken cancellationToken = default) =>
        (await ReadRowsAsync(prefix, cancellationToken)).Select(row => cipher.Open(row.Name, row.Value)).ToList();

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="name"/> unless a value is there already, and returns the
    /// one that is stored: two nodes creating the same key together both end up with the first one written.
    /// </summary>
    public async Task<string> AddIfAbsentAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO shared_keys (name, value, created_at) VALUES (@name, @Value, @CreatedAt) ON CONFLICT (name) DO NOTHING",
                new { name, Value = cipher.Seal(name, value), CreatedAt = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        }
        return await ReadAsync(name, cancellationToken) ?? throw new InvalidOperationException($"The shared key '{name}' could not be stored.");
    }

    /// <summary>
    /// Run at start-up: every stored key must decrypt with the configured key (else <see cref="SharedKeyException"/>,
    /// before the node serves anything), and with a key configured, keys stored in plain (before encryption was turned
    /// on) are encrypted now. Returns how many were encrypted.
    /// </summary>
    public async Task<int> CheckAndEncryptAsync(CancellationToken cancellationToken = default)
    {
        var encrypted = 0;
        foreach (var row in await ReadRowsAsync("", cancellationToken))
        {
            var value = cipher.Open(row.Name, row.Value);
            if (!cipher.HasKey || SharedKeyCipher.IsEncrypted(row.Value))
            {
                continue;
            }
            await using var connection = await database.OpenAsync(cancellationToken);
            // Only if the row is still the plain value read: another node starting at the same time may have done it.
            encrypted += await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE shared_keys SET value = @Sealed WHERE name = @Name AND value = @Value",
                new { Sealed = cipher.Seal(row.Name, value), row.Name, row.Value }, cancellationToken: cancellationToken));
        }
        return encrypted;
    }

    private async Task<IReadOnlyList<Row>> ReadRowsAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT name, value FROM shared_keys WHERE name LIKE @Like ORDER BY name", new { Like = prefix + "%" }, cancellationToken: cancellationToken))).ToList();
    }
}
