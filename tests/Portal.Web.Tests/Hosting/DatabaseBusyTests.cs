using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Dapper;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Data.Database;
using Portal.Erp.V1;
using Portal.Web.Tests.Grpc;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// A database lock held by someone else (SQLite: another connection's BEGIN IMMEDIATE; PostgreSQL: an EXCLUSIVE table
/// lock) used to keep a form POST waiting ~31 s for a 500, and a gRPC upsert for UNKNOWN. Now both give up after the
/// configured lock timeout: the page answers 503 "try again in a moment" with Retry-After, gRPC UNAVAILABLE, nothing is
/// written, and the same requests succeed once the lock is released. A portal of its own: the lock would stall others.
/// </summary>
public sealed class DatabaseBusyTests
{
    private const int LockTimeoutSeconds = 2;
    // Far below the ~31 s of waiting it replaced, with room for a busy machine: the answer comes from the lock timeout, not a hang.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(LockTimeoutSeconds + 10);

    [Theory, OnBothDatabases]
    public async Task A_held_lock_gives_503_and_unavailable_within_the_bound_writes_nothing_and_recovers(DatabaseProvider provider)
    {
        await using var portal = new ShortLockTimeoutPortal(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        using var sync = await ErpSyncSession.StartAsync(portal);
        var arrangements = await CountAsync(portal, $"SELECT COUNT(*) FROM credit_arrangements WHERE partnership_id = {arcadia}");

        HttpStatusCode page;
        string body;
        string? retryAfter;
        StatusCode grpc;
        TimeSpan pageTook, grpcTook;
        await using (await HoldWriteLockAsync(portal, provider))
        {
            var clock = Stopwatch.StartNew();
            using (var response = await customer.PostFormAsync($"/p/{arcadia}/credit?handler=Extension", Extension("During the lock")))
            {
                pageTook = clock.Elapsed;
                (page, body, retryAfter) = (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
            }
            clock.Restart();
            grpc = (await Assert.ThrowsAsync<RpcException>(() => sync.Sync.UpsertItemsAsync(
                new UpsertItemsRequest { RequestId = sync.Id("during"), Items = { sync.Item("during") } }, sync.Headers, cancellationToken: Ct).ResponseAsync)).StatusCode;
            grpcTook = clock.Elapsed;
        }
        var afterPage = await customer.PostAsync($"/p/{arcadia}/credit?handler=Extension", Extension("After the lock"));
        var afterGrpc = await sync.Sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = sync.Id("after"), Items = { sync.Item("after") } }, sync.Headers, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page);
        Assert.Contains("try again in a moment", body);
        Assert.Equal("5", retryAfter);
        Assert.True(pageTook < Bound, $"the page took {pageTook}");
        Assert.Equal(StatusCode.Unavailable, grpc);
        Assert.True(grpcTook < Bound, $"the gRPC call took {grpcTook}");
        Assert.Equal(HttpStatusCode.Redirect, afterPage.Status);
        Assert.Equal(UpsertResult.Created, Assert.Single(afterGrpc.Results).Result);
        Assert.Equal(arrangements + 1, await CountAsync(portal, $"SELECT COUNT(*) FROM credit_arrangements WHERE partnership_id = {arcadia}"));
        Assert.Equal(1, await sync.CountAsync("items"));
    }

    /// <summary>Holds every write out: the SQLite file's write lock, or EXCLUSIVE locks on the tables the two writes touch.</summary>
    private static async Task<HeldLock> HoldWriteLockAsync(PortalFactory portal, DatabaseProvider provider)
    {
        var connectionString = portal.Services.GetRequiredService<PortalDatabase>().ConnectionString;
        DbConnection connection = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await connection.ExecuteAsync(provider == DatabaseProvider.Sqlite
            ? "BEGIN IMMEDIATE"
            : "BEGIN; LOCK TABLE credit_arrangements, items IN EXCLUSIVE MODE");
        return new HeldLock(connection);
    }

    /// <summary>Rolls back before closing: a pooled SQLite connection would otherwise keep its transaction open.</summary>
    private sealed class HeldLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.ExecuteAsync("ROLLBACK");
            await connection.DisposeAsync();
        }
    }

    private static Dictionary<string, string> Extension(string reason)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new()
        {
            ["Extension.Amount"] = "1000.00", ["Extension.Currency"] = "USD", ["Extension.StartsOn"] = $"{today:yyyy-MM-dd}",
            ["Extension.EndsOn"] = $"{today.AddDays(30):yyyy-MM-dd}", ["Extension.Reason"] = reason,
        };
    }

    private static async Task<long> ArcadiaAsync(PortalFactory portal) =>
        await CountAsync(portal, "SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = 'Arcadia Biotech'");

    private static async Task<long> CountAsync(PortalFactory portal, string sql)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private sealed class ShortLockTimeoutPortal(DatabaseProvider provider) : PortalFactory(provider)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:Database:LockTimeoutSeconds", LockTimeoutSeconds.ToString());
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
