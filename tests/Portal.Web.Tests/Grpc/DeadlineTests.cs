using System.Diagnostics;
using Dapper;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Erp.V1;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// An ERP's deadline stops the server's query, end to end: real token, real service, real store read. The read is made
/// slow by the test, not by data: the quality_issues table is swapped for a view that first counts to two billion, so
/// ListQualityIssues runs for minutes unless its deadline stops it. Loading enough history to make a real read take
/// seconds would cost the suite more than the few seconds it would prove, and a slower machine would make it flaky.
/// </summary>
public sealed class DeadlineTests
{
    [Theory, OnBothDatabases]
    public async Task A_read_past_its_deadline_is_deadline_exceeded_and_the_server_stops_its_query(DatabaseProvider provider)
    {
        await using var portal = new WatchedPortal(provider);
        var client = await portal.CreateAsync(ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        using var channel = portal.CreateGrpcChannel();
        var quality = new QualityIssuesService.QualityIssuesServiceClient(channel);
        await quality.ListQualityIssuesAsync(new ListQualityIssuesRequest(), headers, cancellationToken: Ct);
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await MakeQualityIssuesSlowAsync(database);

        var deadline = DateTime.UtcNow.AddMilliseconds(700);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            quality.ListQualityIssuesAsync(new ListQualityIssuesRequest(), headers, deadline, Ct).ResponseAsync);
        var (finishedAt, status) = await portal.ListCallEnded.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // After writing DEADLINE_EXCEEDED the server resets the stream; over real HTTP/2 the client reads the status first,
        // but TestServer may hand the client the reset instead, which it reports as INTERNAL. What the server sent is below.
        Assert.True(error.StatusCode == StatusCode.DeadlineExceeded || error.Status.Detail.Contains("reset the request", StringComparison.Ordinal), error.ToString());
        Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
        Assert.InRange(finishedAt - deadline, TimeSpan.FromSeconds(-0.1), StopsWithin);
        if (database.Dialect.IsPostgres) Assert.Equal(0, await SlowReadsAfterAsync(database, finishedAt + StopsWithin));
    }

    /// <summary>
    /// How soon after its deadline the server must have stopped: the slow read runs for minutes if nothing stops it, so a
    /// few seconds still tell the two apart, with room for a loaded CI machine (a one-second bound failed once at 1.3 s).
    /// </summary>
    private static readonly TimeSpan StopsWithin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The slow reads still running on PostgreSQL once the given time has passed. Only the read of quality_issues counts:
    /// other work in the same database (the portal's background jobs poll it) may be active at any moment, and one CI run
    /// found one active backend there; and the backend ends a cancelled query a moment after the cancel request, so the
    /// check looks until <paramref name="until"/>.
    /// </summary>
    private static async Task<long> SlowReadsAfterAsync(PortalDatabase database, DateTime until)
    {
        await using var connection = await database.OpenAsync(Ct);
        while (true)
        {
            var running = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                SELECT COUNT(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%quality_issues%'
                """, cancellationToken: Ct));
            if (running == 0 || DateTime.UtcNow > until) return running;
            await Task.Delay(50, Ct);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task MakeQualityIssuesSlowAsync(PortalDatabase database)
    {
        await using var connection = await database.OpenAsync(Ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            ALTER TABLE quality_issues RENAME TO quality_issues_stored;
            CREATE VIEW quality_issues AS SELECT * FROM quality_issues_stored
            WHERE (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) SELECT COUNT(*) FROM n) > 0;
            """, cancellationToken: Ct));
    }

    /// <summary>The portal, telling when the server finished a ListQualityIssues call (handler and all) and with which status.</summary>
    private sealed class WatchedPortal(DatabaseProvider provider) : PortalFactory(provider)
    {
        public TaskCompletionSource<(DateTime FinishedAt, string? Status)> ListCallEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new Watch(this)));
        }

        private sealed class Watch(WatchedPortal portal) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (HttpContext context, RequestDelegate rest) =>
                {
                    await rest(context);
                    if (context.Request.Path.Value?.EndsWith("/ListQualityIssues", StringComparison.Ordinal) == true)
                    {
                        // A call that fails before any message answers "trailers-only": the status is then among the headers.
                        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
                        var status = trailers?["grpc-status"] is { Count: > 0 } inTrailers ? inTrailers.ToString() : context.Response.Headers["grpc-status"].ToString();
                        if (status != "0") portal.ListCallEnded.TrySetResult((DateTime.UtcNow, status));
                    }
                });
                next(app);
            };
        }
    }
}
