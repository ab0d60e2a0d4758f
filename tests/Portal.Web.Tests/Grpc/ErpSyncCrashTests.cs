using Dapper;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Portal.Erp.V1;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// The real portal process is killed with SIGKILL in the middle of a streamed load, again and again. After every restart
/// the stream's acknowledged position has survived, exactly the acknowledged records are stored (no chunk half-applied),
/// and resuming from that position ends with every record stored once.
/// </summary>
public sealed class ErpSyncCrashTests
{
    private const int Total = 2500;
    private const int Kills = 3;
    private const string StreamId = "crash-load";
    private const int HeldAfter = 600;

    [Fact]
    public async Task Killing_the_server_during_streamed_loads_loses_no_acknowledged_record_and_half_applies_no_chunk()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("portal-crash-").FullName;
        var settings = new Dictionary<string, string> { ["Portal__Sync__StreamChunkSize"] = "100" };
        var envelopes = Enumerable.Range(1, Total).Select(i => new StreamUpsertsRequest
        {
            StreamId = StreamId, Sequence = i, Item = new Item { ExternalId = $"crash-{i}", Revision = 1, Sku = $"C-{i}", Name = $"Crash item {i}", Unit = "pcs" },
        }).ToList();
        var acknowledged = 0L;
        try
        {
            for (var round = 0; round <= Kills; round++)
            {
                await using var portal = await PortalProcess.StartAsync(dataDirectory, settings);
                var headers = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
                using var channel = portal.CreateGrpcChannel();
                var sync = new ErpSyncService.ErpSyncServiceClient(channel);
                var position = await PositionAsync(sync, headers);

                Assert.True(position >= acknowledged, $"round {round}: position {position} went back behind {acknowledged}");
                Assert.Equal(position, await StoredItemsAsync(dataDirectory));
                if (round == Kills)
                {
                    var last = await SendAsync(sync, headers, envelopes.Skip((int)position), throttle: false, CancellationToken.None);
                    Assert.Equal(Total, last!.LastAcknowledgedSequence);
                    break;
                }
                using var abandon = new CancellationTokenSource();
                var sending = SendAsync(sync, headers, envelopes.Skip((int)position), throttle: true, abandon.Token);
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while ((acknowledged = await PositionAsync(sync, headers)) < position + 300 && DateTime.UtcNow < deadline) await Task.Delay(20, Ct);
                await portal.KillAsync();
                await abandon.CancelAsync();
                await Assert.ThrowsAnyAsync<Exception>(() => sending);
            }

            Assert.Equal(Total, await StoredItemsAsync(dataDirectory));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Throttled, the stream lasts seconds, and after <see cref="HeldAfter"/> records it stays open without sending until it
    /// is abandoned: however slow or busy the machine, the kill lands while the stream is open.
    /// </summary>
    private static async Task<StreamUpsertsResponse?> SendAsync(ErpSyncService.ErpSyncServiceClient sync, Metadata headers, IEnumerable<StreamUpsertsRequest> envelopes, bool throttle,
        CancellationToken cancellationToken)
    {
        using var call = sync.StreamUpserts(headers, cancellationToken: cancellationToken);
        var sent = 0;
        foreach (var envelope in envelopes)
        {
            await call.RequestStream.WriteAsync(envelope, cancellationToken);
            if (throttle && envelope.Sequence % 50 == 0) await Task.Delay(50, cancellationToken);
            if (throttle && ++sent == HeldAfter) await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    private static async Task<long> PositionAsync(ErpSyncService.ErpSyncServiceClient sync, Metadata headers) =>
        (await sync.GetStreamPositionAsync(new GetStreamPositionRequest { StreamId = StreamId }, headers, cancellationToken: Ct)).LastAcknowledgedSequence;

    /// <summary>Read straight from the file, as a separate reader would see it after the crash.</summary>
    private static async Task<long> StoredItemsAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "portal.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM items WHERE external_id LIKE 'crash-%'");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
