using System.Diagnostics;
using System.Globalization;
using Grpc.Core;

namespace Portal.Bench;

/// <summary>
/// What one call cost at one history size: median and p99 over <see cref="Samples"/> timed calls, and the portal's
/// processor time per call. <see cref="TimedOutAfter"/> is set when a call took longer than the timeout: then the figures
/// are missing (or cover only the calls before it) and the call is reported as slower than that.
/// </summary>
public sealed record Latency(int Samples, TimeSpan Median, TimeSpan P99, TimeSpan ServerCpuPerCall, TimeSpan? TimedOutAfter)
{
    public bool Measured => Samples > 0 && TimedOutAfter is null;

    public static Latency TimedOut(TimeSpan after) => new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, after);

    public override string ToString() => TimedOutAfter is { } timeout
        ? $"> {timeout.TotalSeconds:0} s (timed out{(Samples > 0 ? $" after {Samples} calls of median {Ms(Median)}" : "")})"
        : $"{Ms(Median)} / {Ms(P99)} (n={Samples}, cpu {Ms(ServerCpuPerCall)})";

    public static string Ms(TimeSpan time) => time.TotalMilliseconds >= 10_000
        ? $"{time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
        : $"{time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} ms";

    /// <summary>Nearest rank: the smallest time that at least <paramref name="fraction"/> of the times do not exceed.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double fraction) => sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}

/// <summary>Times a call after a warm-up, with a timeout per call and a time budget that lowers the sample count for slow calls.</summary>
public static class LatencySampler
{
    // Even a page that takes seconds is called this often, so that its median is not one call's luck.
    private const int MinSamples = 3;

    public static async Task<Latency> MeasureAsync(ServerProcess server, Func<CancellationToken, Task> call, BenchOptions options)
    {
        var warmUp = Stopwatch.StartNew();
        TimeSpan? last = null;
        for (var i = 0; i < Math.Max(1, options.WarmUp) && (i == 0 || warmUp.Elapsed < options.Budget / 4); i++)
        {
            last = await TimeAsync(call, options.Timeout);
            if (last is null) return await TimedOutAsync(server, [], TimeSpan.Zero, options);
        }
        var planned = (int)Math.Clamp(options.Budget / last!.Value, MinSamples, Math.Max(MinSamples, options.Samples));
        var times = new List<TimeSpan>(planned);
        var cpu = server.CpuTime();
        while (times.Count < planned)
        {
            if (await TimeAsync(call, options.Timeout) is not { } time) return await TimedOutAsync(server, times, server.CpuTime() - cpu, options);
            times.Add(time);
        }
        var cpuPerCall = (server.CpuTime() - cpu) / times.Count;
        times.Sort();
        return new Latency(times.Count, Latency.Percentile(times, 0.5), Latency.Percentile(times, 0.99), cpuPerCall, null);
    }

    /// <summary>The call's time, or null when it did not finish within <paramref name="timeout"/> (it is abandoned).</summary>
    private static async Task<TimeSpan?> TimeAsync(Func<CancellationToken, Task> call, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await call(expiry.Token);
            return watch.Elapsed;
        }
        catch (Exception e) when (e is RpcException { StatusCode: StatusCode.DeadlineExceeded }
                                   || expiry.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            return null;
        }
    }

    private static async Task<Latency> TimedOutAsync(ServerProcess server, List<TimeSpan> times, TimeSpan cpu, BenchOptions options)
    {
        times.Sort();
        var latency = times.Count == 0
            ? Latency.TimedOut(options.Timeout)
            : new Latency(times.Count, Latency.Percentile(times, 0.5), Latency.Percentile(times, 0.99), cpu / times.Count, options.Timeout);
        // The portal may go on working on the abandoned call; what is measured next should not pay for it.
        await WaitForIdleAsync(server, options);
        return latency;
    }

    public static async Task WaitForIdleAsync(ServerProcess server, BenchOptions options)
    {
        // Not for as long as an abandoned call may run (minutes, before issue 11): past this the bench goes on and says so.
        var atMost = options.Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(60);
        if (!await server.WaitUntilIdleAsync(atMost)) Console.WriteLine($"  (the portal was still busy {atMost.TotalSeconds:0} s later; going on)");
    }
}
