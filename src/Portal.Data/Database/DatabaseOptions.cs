namespace Portal.Data.Database;

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite a plain file path is accepted as well as a full connection string.</summary>
    public string ConnectionString { get; set; } = "";
}
