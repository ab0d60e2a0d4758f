using Hangfire;
using Portal.Data.Tenancy;
using Portal.Data.Work;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: one short job per active person, storing their digest of the next seven days (shown on My work) and handing a
/// new one to the <see cref="IDigestSender"/>. The digest's key (person, day) keeps a re-run from storing or sending twice.
/// </summary>
public sealed class WorkDigestJob(DigestStore digests, ScopeStore scopes, IDigestSender sender, IBackgroundJobClient jobs)
{
    public const string Id = "work-digest";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var userId in await digests.ActivePeopleAsync(cancellationToken))
        {
            jobs.Enqueue<WorkDigestJob>(j => j.DigestForAsync(userId, CancellationToken.None));
        }
    }

    public async Task DigestForAsync(long userId, CancellationToken cancellationToken)
    {
        if (await scopes.ForUserAsync(userId, cancellationToken) is { } scope && await digests.StoreTodayAsync(scope, cancellationToken) is { Entries.Count: > 0 } digest)
        {
            await sender.SendAsync(digest, cancellationToken);
        }
    }
}
