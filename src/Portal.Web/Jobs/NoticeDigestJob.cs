using Hangfire;
using Portal.Data.Notifications;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: one short job per person with notices held for the digest, gathering them into that day's digest notice. The
/// digest's key (person, local day) keeps a re-run, or two nodes running it, from storing two.
/// </summary>
public sealed class NoticeDigestJob(NoticeDigestStore digests, IBackgroundJobClient jobs)
{
    public const string Id = "notice-digest";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var userId in await digests.PeopleWithHeldNoticesAsync(cancellationToken))
        {
            jobs.Enqueue<NoticeDigestJob>(j => j.DigestForAsync(userId, CancellationToken.None));
        }
    }

    public Task DigestForAsync(long userId, CancellationToken cancellationToken) => digests.GatherAsync(userId, cancellationToken);
}
