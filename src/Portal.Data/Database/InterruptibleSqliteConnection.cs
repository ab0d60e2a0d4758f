using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Portal.Data.Database;

/// <summary>
/// A SQLite connection whose running statement stops when the token it was opened for is cancelled.
/// Microsoft.Data.Sqlite looks at a CancellationToken only before a statement starts (its Cancel does nothing),
/// so without this a query whose caller has gone keeps a thread, the connection and perhaps the write lock
/// until it finishes on its own.
/// </summary>
internal sealed class InterruptibleSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    private CancellationTokenRegistration _interrupt;

    /// <summary>The token whose cancellation interrupts this connection's statements.</summary>
    public CancellationToken InterruptedBy { get; private set; }

    public void InterruptOn(CancellationToken cancellationToken)
    {
        InterruptedBy = cancellationToken;
        // sqlite3_interrupt may be called from any thread; it stops the statement running now and is a no-op when none runs.
        _interrupt = cancellationToken.Register(static state =>
        {
            if (((SqliteConnection)state!).Handle is { } handle)
            {
                raw.sqlite3_interrupt(handle);
            }
        }, this);
    }

    public override SqliteCommand CreateCommand() =>
        new CancellableSqliteCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    public override void Close()
    {
        // Dispose waits for a callback already running, so no interrupt reaches the handle once the pool lends it to another caller.
        _interrupt.Dispose();
        _interrupt = default;
        InterruptedBy = CancellationToken.None;
        base.Close();
    }
}
