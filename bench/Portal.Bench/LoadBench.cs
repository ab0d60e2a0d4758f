using System.Globalization;

namespace Portal.Bench;

/// <summary>
/// B3: the signed-in dashboard under load against a static file the same process serves, two connections each, in
/// rounds that alternate which goes first. The ratio of requests per second is taken within each round (a shared
/// machine has slow spells) and the median reported; p99 is over every dashboard request of every round. The sign-in
/// page is measured the same way for scale: a page rendered with its layout and an antiforgery token but nothing read
/// from the database, so the lightest page the portal renders.
/// </summary>
public static class LoadBench
{
    private const int Connections = 2;
    private const double RatioGoal = 0.35;
    private const double P99GoalMs = 15;
    private const string StaticFile = "/css/site.css";
    private const string SignInPage = "/account/login";

    public static async Task RunAsync(HistoryPortal portal, BenchOptions options)
    {
        using var session = await PortalSession.SignInAsync(portal.Server.Web, Demo.LeadEmail, Demo.Password, Connections);
        var dashboard = $"/p/{portal.PartnershipId.ToString(CultureInfo.InvariantCulture)}";
        Func<CancellationToken, Task> page = ct => session.GetAsync(dashboard, ct);
        Func<CancellationToken, Task> file = ct => session.GetAsync(StaticFile, ct);
        using var anonymous = PortalSession.Anonymous(portal.Server.Web, Connections);
        Func<CancellationToken, Task> signIn = ct => anonymous.GetAsync(SignInPage, ct);
        Console.WriteLine($"B3 pages under load: {dashboard} (signed in) against {StaticFile}, {Connections} connections, {options.LoadRounds} rounds of {options.LoadRound.TotalSeconds:0} s each; {SignInPage} for scale");

        // An untimed short round of each first: connections open, the JIT settles.
        await LoadGenerator.RunAsync(page, Connections, options.LoadRound / 5);
        await LoadGenerator.RunAsync(file, Connections, options.LoadRound / 5);
        await LoadGenerator.RunAsync(signIn, Connections, options.LoadRound / 5);
        var pages = new List<LoadRound>();
        var files = new List<LoadRound>();
        var signIns = new List<LoadRound>();
        for (var round = 0; round < options.LoadRounds; round++)
        {
            var order = round % 2 == 0 ? new[] { (pages, page), (files, file), (signIns, signIn) } : [(signIns, signIn), (files, file), (pages, page)];
            foreach (var (rounds, call) in order)
            {
                // An abandoned dashboard request may still be running in the portal.
                await LatencySampler.WaitForIdleAsync(portal.Server, options);
                rounds.Add(await LoadGenerator.RunAsync(call, Connections, options.LoadRound));
            }
            Console.WriteLine($"  round {round + 1}: dashboard {Describe(pages[^1])}; static {Describe(files[^1])}; sign-in page {Describe(signIns[^1])}");
        }
        var ratio = MedianRatio(pages, files, out var ratios);
        var signInRatio = MedianRatio(signIns, files, out _);
        var pageTimes = pages.SelectMany(r => r.Times).Order().ToList();
        var p99 = pageTimes.Count == 0 ? (TimeSpan?)null : Latency.Percentile(pageTimes, 0.99);
        Console.WriteLine($"B3 requests/s ratio dashboard / static: median {ratio.ToString("0.000", CultureInfo.InvariantCulture)}× " +
            $"(rounds: {string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))}) " +
            $"(goal ≥ {RatioGoal}×: {(ratio >= RatioGoal ? "met" : "not met")}); the sign-in page, for scale: {signInRatio.ToString("0.000", CultureInfo.InvariantCulture)}×");
        Console.WriteLine($"B3 dashboard p99 under load: {(p99 is { } time ? Latency.Ms(time) : $"none completed within a {options.LoadRound.TotalSeconds:0} s round")} " +
            $"(goal ≤ {P99GoalMs} ms: {(p99?.TotalMilliseconds <= P99GoalMs ? "met" : "not met")})");
    }

    /// <summary>The median over the rounds of each round's requests/s ratio (a shared machine has slow spells).</summary>
    private static double MedianRatio(List<LoadRound> measured, List<LoadRound> reference, out List<double> ratios)
    {
        ratios = measured.Zip(reference, (m, r) => r.RequestsPerSecond == 0 ? 0 : m.RequestsPerSecond / r.RequestsPerSecond).ToList();
        return ratios.Order().ElementAt(ratios.Count / 2);
    }

    private static string Describe(LoadRound round)
    {
        var times = round.Times.Order().ToList();
        var latency = times.Count == 0 ? "none completed" : $"median {Latency.Ms(Latency.Percentile(times, 0.5))}, p99 {Latency.Ms(Latency.Percentile(times, 0.99))}";
        return $"{round.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} req/s ({round.Completed} ok, {round.Failed} failed{(round.FirstError is { } error ? $": {error}" : "")}; {latency})";
    }
}
