namespace Portal.Bench;

/// <summary>
/// One entry point for every benchmark; each starts the built portal as a process of its own on a database of its own.
///   dotnet run -c Release --project bench/Portal.Bench -- [--suite ingest|growth|load|scaleout|scorecards|portfolio|all, or a list: growth,load] [--quick] [--db sqlite|postgres] [--pg "Host=...;Username=..."]
/// ingest (the default): B1, B2 and memory (IngestBench); growth: B7 (GrowthBench); load: B3 (LoadBench); scaleout: one node against two behind HAProxy (ScaleOutBench, PostgreSQL only); scorecards: B4 (ScorecardBench). See BenchOptions.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (BenchOptions.Parse(args) is not { } options)
        {
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }
        if (options.Runs("ingest")) await IngestBench.RunAsync(options);
        if (options.Runs("growth") || options.Runs("load")) await GrowthBench.RunAsync(options);
        if (options.Runs("scaleout")) await ScaleOutBench.RunAsync(options);
        if (options.Runs("scorecards")) await ScorecardBench.RunAsync(options);
        if (options.Runs("portfolio")) await PortfolioBench.RunAsync(options);
        return 0;
    }
}
