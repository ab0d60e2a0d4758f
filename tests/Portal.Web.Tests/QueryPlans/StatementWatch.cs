using System.Data.Common;
using Portal.Data.Database;

namespace Portal.Web.Tests.QueryPlans;

/// <summary>
/// Watches every statement that the portal runs through <see cref="PortalDatabase"/> (installed on each connection it
/// opens, through <see cref="DatabaseOptions.ConnectionOpened"/>) while <see cref="Recording"/> is on, and then says which
/// of them read a whole <see cref="FullScan.WatchedTables">watched table</see>.
/// </summary>
public abstract class StatementWatch
{
    private volatile bool _recording;

    /// <summary>Off while the portal starts and the history is imported: only what pages, gRPC reads and jobs run counts.</summary>
    public bool Recording { get => _recording; set => _recording = value; }

    /// <summary>The distinct statements recorded so far.</summary>
    public abstract IReadOnlyCollection<string> Statements { get; }

    /// <summary>
    /// The statements for which a read bounded only by its owner (the partnership, the person) counts as reading a whole
    /// table (see <see cref="FullScan.BoundOnlyByOwner"/>): every statement of an ERP batch, which must read only what the
    /// batch names; in the tour, those handed a list of rows (<see cref="FullScan.NamesRowsByList"/>), which must find
    /// them by key. Judged on SQLite only (see <see cref="PostgresStatementWatch"/>).
    /// </summary>
    public required Func<string, bool> OwnersShareIsWhole { get; init; }

    public abstract Task InstallAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Readies the database's statistics, once the history is in, so that plans do not depend on when they were gathered.</summary>
    public abstract Task PrepareAsync(string connectionString, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<FullScan>> FindFullScansAsync(string connectionString, CancellationToken cancellationToken);

    public static StatementWatch For(DatabaseProvider provider, Func<string, bool> ownersShareIsWhole) =>
        provider == DatabaseProvider.Postgres
            ? new PostgresStatementWatch { OwnersShareIsWhole = ownersShareIsWhole }
            : new SqliteStatementWatch { OwnersShareIsWhole = ownersShareIsWhole };
}
