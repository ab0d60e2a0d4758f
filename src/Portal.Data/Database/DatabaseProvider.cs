namespace Portal.Data.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
