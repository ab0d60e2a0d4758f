using System.Diagnostics;

namespace Portal.Bench;

/// <summary>What a load round did: requests that completed with a 200 within the round, those that failed (and why, once), and each one's time.</summary>
public sealed record LoadRound(TimeSpan Duration, int Completed, int Failed, string? FirstError, List<TimeSpan> Times)
{
    public double RequestsPerSecond => Completed / Duration.TotalSeconds;
}

/// <summary>
/// A small closed-loop load generator (as wrk is): each connection sends its next request as soon as the previous answer
/// has been read, for a fixed time. A request still open when the time is up is abandoned and not counted.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadRound> RunAsync(Func<CancellationToken, Task> request, int connections, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(() => WorkAsync(request, stop.Token))).ToArray();
        var done = await Task.WhenAll(workers);
        return new LoadRound(duration, done.Sum(w => w.Times.Count), done.Sum(w => w.Failed), done.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
            done.SelectMany(w => w.Times).ToList());
    }

    private static async Task<(List<TimeSpan> Times, int Failed, string? FirstError)> WorkAsync(Func<CancellationToken, Task> request, CancellationToken stop)
    {
        var times = new List<TimeSpan>();
        var failed = 0;
        string? firstError = null;
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await request(stop);
                times.Add(watch.Elapsed);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Time is up: the open request is abandoned, as the summary says.
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                failed++;
                firstError ??= e.Message;
            }
        }
        return (times, failed, firstError);
    }
}
