namespace Portal.Data.Work;

/// <summary>What falls due for one person in the next seven days, as the daily job found it on <see cref="DigestOn"/>.</summary>
public sealed record WorkDigest(long UserId, DateOnly DigestOn, IReadOnlyList<DigestEntry> Entries);

/// <summary>One line of a digest; the record it is about by entity name and id (the web layer links it, as a notification's).</summary>
public sealed record DigestEntry(string What, string Title, string Partnership, DateTimeOffset? DueAt, long PartnershipId, string Entity, long? EntityId);

/// <summary>
/// Sends a stored digest somewhere outside the portal (mail, chat). The portal's own is <see cref="KeepInPortalDigestSender"/>:
/// the digest is shown on My work and nothing leaves; a deployment with a mail server registers its own.
/// </summary>
public interface IDigestSender
{
    Task SendAsync(WorkDigest digest, CancellationToken cancellationToken);
}

public sealed class KeepInPortalDigestSender : IDigestSender
{
    public Task SendAsync(WorkDigest digest, CancellationToken cancellationToken) => Task.CompletedTask;
}
