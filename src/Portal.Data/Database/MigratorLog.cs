using Microsoft.Extensions.Logging;

namespace Portal.Data.Database;

/// <summary>The migrator's log lines, generated so that a disabled level costs no formatting at start-up.</summary>
internal static partial class MigratorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Built the ERP balances of {Count} partnership(s)")]
    public static partial void BalancesBuilt(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s): {Scripts}")]
    public static partial void MigrationsApplied(this ILogger logger, int count, string scripts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Message}")]
    public static partial void DbUpInformation(this ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void DbUpWarning(this ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    public static partial void DbUpError(this ILogger logger, Exception? exception, string message);
}
