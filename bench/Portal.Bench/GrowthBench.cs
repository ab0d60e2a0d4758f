using System.Globalization;
using Portal.Erp.V1;

namespace Portal.Bench;

/// <summary>
/// B7: the pages and the gRPC read a partnership's people use every day, at 1×, 10× and 100× an ERP history of years,
/// each size on a fresh portal and database. Cost should grow with what a page shows, not with the history behind it.
/// B3 (LoadBench) runs on the largest of these portals.
/// </summary>
public static class GrowthBench
{
    private const double MedianGoalMs = 50;
    private const double P99GoalMs = 200;
    private const double RatioGoal = 3;

    // The pages by their @page routes; the gRPC read has no page.
    private static readonly (string Name, string? Route)[] Calls =
    [
        ("dashboard", "/p/{id}"), ("credit page", "/p/{id}/credit"), ("quality list", "/p/{id}/quality"), ("trail", "/p/{id}/trail"),
        ("gRPC `Credit/GetCreditPosition`", null),
    ];

    public static async Task RunAsync(BenchOptions options)
    {
        var database = options.Postgres ? "PostgreSQL" : "SQLite";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}; database {database}{(options.Quick ? "; QUICK: tiny sizes, figures mean nothing" : "")}");
        Console.WriteLine($"per call: {options.WarmUp} warm-up calls, then up to {options.Samples} timed within about {options.Budget.TotalSeconds:0} s (at least 3), each abandoned after {options.Timeout.TotalSeconds:0} s");
        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var sizes = options.Runs("growth") ? options.Sizes : [options.Sizes[^1]];
        var results = new List<(HistorySize Size, Latency[] Calls)>();
        foreach (var size in sizes)
        {
            await using var store = await BenchDatabase.CreateAsync(options);
            await using var portal = await HistoryPortal.StartAsync(store, size, until);
            if (options.Runs("growth")) results.Add((size, await MeasureAsync(portal, options)));
            if (options.Runs("load") && size == options.Sizes[^1]) await LoadBench.RunAsync(portal, options);
        }
        if (options.Runs("growth")) Print(database, results);
    }

    private static async Task<Latency[]> MeasureAsync(HistoryPortal portal, BenchOptions options)
    {
        var credit = new CreditService.CreditServiceClient(portal.Erp.Channel);
        var results = new Latency[Calls.Length];
        // The gRPC read goes last: when it runs past its deadline the portal may go on computing it, and nothing else is
        // measured after it at this size.
        for (var c = 0; c < Calls.Length; c++)
        {
            var (name, route) = Calls[c];
            var path = route?.Replace("{id}", portal.PartnershipId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Func<CancellationToken, Task> call = path is null
                ? async ct => await credit.GetCreditPositionAsync(new GetCreditPositionRequest(), await portal.Erp.HeadersAsync(ct), DateTime.UtcNow + options.Timeout, ct)
                : ct => portal.Browser.GetAsync(path, ct);
            await LatencySampler.WaitForIdleAsync(portal.Server, options);
            if (path is null || await CheckAsync(portal, path, options))
            {
                results[c] = await LatencySampler.MeasureAsync(portal.Server, call, options);
            }
            else
            {
                results[c] = Latency.TimedOut(options.Timeout);
                await LatencySampler.WaitForIdleAsync(portal.Server, options);
            }
            Console.WriteLine($"  {path ?? name}: {results[c]}");
        }
        return results;
    }

    /// <summary>Once per page and size, before timing it: a 200 with the page, not the login form. False when it timed out.</summary>
    private static async Task<bool> CheckAsync(HistoryPortal portal, string path, BenchOptions options)
    {
        using var expiry = new CancellationTokenSource(options.Timeout);
        try
        {
            var body = await portal.Browser.GetPageAsync(path, expiry.Token);
            Console.WriteLine($"  {path}: 200, {body.Length / 1024} KiB of HTML");
            return true;
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested)
        {
            Console.WriteLine($"  {path}: slower than {options.Timeout.TotalSeconds:0} s");
            return false;
        }
    }

    private static void Print(string database, List<(HistorySize Size, Latency[] Calls)> results)
    {
        Console.WriteLine();
        Console.WriteLine($"B7 growth, {database}: median / p99 (n = timed calls, cpu = the portal's processor time per call)");
        Console.WriteLine();
        Console.WriteLine($"| call | {string.Join(" | ", results.Select(r => $"{r.Size.Label} ({r.Size.Orders} orders, {r.Size.Years} y)"))} | {results[^1].Size.Label}/{results[0].Size.Label} median | goal (median ≤ {MedianGoalMs} ms, p99 ≤ {P99GoalMs} ms at {results[^1].Size.Label}, ratio ≤ {RatioGoal}) |");
        Console.WriteLine($"|---|{string.Concat(results.Select(_ => "---|"))}---|---|");
        for (var c = 0; c < Calls.Length; c++)
        {
            var (first, last) = (results[0].Calls[c], results[^1].Calls[c]);
            var ratio = first.Measured && last.Measured ? last.Median / first.Median : (double?)null;
            var met = last.Measured && last.Median.TotalMilliseconds <= MedianGoalMs && last.P99.TotalMilliseconds <= P99GoalMs && ratio <= RatioGoal;
            var ratioText = ratio is { } r ? $"{r.ToString("0.0", CultureInfo.InvariantCulture)}×" : last.TimedOutAfter is not null && first.Measured ? $"> {(last.TimedOutAfter.Value / first.Median).ToString("0", CultureInfo.InvariantCulture)}×" : "—";
            Console.WriteLine($"| {(Calls[c].Route is { } route ? $"{Calls[c].Name} `{route}`" : Calls[c].Name)} | {string.Join(" | ", results.Select(r => r.Calls[c]))} | {ratioText} | {(met ? "met" : "**not met**")} |");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
