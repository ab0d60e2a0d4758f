using System.Collections.Concurrent;
using System.Diagnostics;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.ChangeFeed;

/// <summary>
/// Concurrent writers append to one partnership's feed in transactions of a few entries, some of which roll back,
/// while a reader follows from its cursor: it must see every committed position exactly once, in order, and never a
/// rolled-back entry. The full size (100k committed entries) runs on PostgreSQL, where positions could commit out
/// of order; SQLite, whose writers exclude each other anyway, runs a tenth of it.
/// </summary>
public sealed class ChangeFeedReliabilityTests
{
    private const int Writers = 12;

    private sealed class RolledBack : Exception;

    [Theory, OnBothDatabases]
    public async Task A_follower_sees_every_committed_change_once_in_order_and_no_rolled_back_one(DatabaseProvider provider)
    {
        var target = provider == DatabaseProvider.Postgres ? 100_000 : 10_000;
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var partnershipId = world.PartnershipAId;
        var scope = CallerScope.ForSystem("test", partnershipId);
        var committed = new ConcurrentDictionary<long, string>();
        var duplicates = new ConcurrentBag<long>();
        var rolledBack = new ConcurrentBag<string>();
        var remaining = target;
        var writersDone = false;
        var clock = Stopwatch.StartNew();

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var transactionNo = 0; Volatile.Read(ref remaining) > 0; transactionNo++)
            {
                var size = random.Next(1, 9);
                var rollBack = random.Next(10) == 0;
                var appended = new List<(long Position, string Label)>();
                try
                {
                    await db.Database.InTransactionAsync(async (connection, transaction) =>
                    {
                        for (var i = 0; i < size; i++)
                        {
                            var label = $"w{writer}-t{transactionNo}-e{i}";
                            appended.Add((await db.Feed.AppendAsync(connection, transaction, partnershipId, FeedEntity.QualityIssue, writer, label, new ProbeProjection(label, i)), label));
                        }
                        if (rollBack)
                        {
                            throw new RolledBack();
                        }
                    }, Ct);
                }
                catch (RolledBack)
                {
                    foreach (var (_, label) in appended) rolledBack.Add(label);
                    continue;
                }
                foreach (var (position, label) in appended)
                {
                    if (!committed.TryAdd(position, label)) duplicates.Add(position);
                }
                Interlocked.Add(ref remaining, -size);
            }
        }, Ct)).ToList();

        var seen = new List<ChangeFeedEntry>();
        var reader = Task.Run(async () =>
        {
            var after = 0L;
            while (true)
            {
                var done = Volatile.Read(ref writersDone);
                var page = (await db.ChangeFeed.ReadAsync(scope, partnershipId, after, 1000, Ct))!;
                Assert.False(page.Expired);
                seen.AddRange(page.Entries);
                after = page.Entries.Count > 0 ? page.Entries[^1].Position : after;
                if (page.Entries.Count == 0)
                {
                    // Only a read that began after the last commit proves that nothing more will come.
                    if (done) return;
                    await Task.Delay(5, Ct);
                }
            }
        }, Ct);

        await Task.WhenAll(writers);
        var writing = clock.Elapsed;
        Volatile.Write(ref writersDone, true);
        await reader;

        var total = committed.Count;
        var report = $"{provider}: {Writers} writers committed {total} entries ({rolledBack.Count} rolled back) in {writing.TotalSeconds:F1} s = {total / writing.TotalSeconds:F0} entries/s; the reader caught up after {clock.Elapsed.TotalSeconds:F1} s";
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.Empty(duplicates);
        Assert.True(total >= target, report);
        Assert.NotEmpty(rolledBack);
        Assert.Equal(Enumerable.Range(1, total).Select(p => (long)p), seen.Select(e => e.Position));
        Assert.Equal(committed.OrderBy(c => c.Key).Select(c => c.Value), seen.Select(e => e.Change));
        Assert.Empty(seen.Select(e => e.Change).Intersect(rolledBack));
        Assert.Equal(total, (await db.ChangeFeed.ReadAsync(scope, partnershipId, 0, 1, Ct))!.Head);
    }
}
