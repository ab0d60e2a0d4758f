using Dapper;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Database;

/// <summary>
/// The two dialects' migrations are written by hand, side by side: this proves they end in the same schema — the same
/// tables, the same columns, and the same named indexes on the same columns in the same order — so that a column or
/// an index added to one dialect only fails here rather than in production on the other database.
/// </summary>
public sealed class SchemaParityTests
{
    [Fact]
    public async Task Both_dialects_migrate_to_the_same_tables_columns_and_indexes()
    {
        Assert.SkipWhen(PostgresServer.SkipReason is not null, PostgresServer.SkipReason ?? "");
        await using var sqlite = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using var postgres = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Postgres);

        var (sqliteSchema, postgresSchema) = (await SqliteSchemaAsync(sqlite), await PostgresSchemaAsync(postgres));

        Assert.Equal(("only on SQLite:", Array.Empty<string>(), "only on PostgreSQL:", Array.Empty<string>()),
            ("only on SQLite:", sqliteSchema.Columns.Except(postgresSchema.Columns).ToArray(), "only on PostgreSQL:", postgresSchema.Columns.Except(sqliteSchema.Columns).ToArray()));
        Assert.Equal(("only on SQLite:", Array.Empty<string>(), "only on PostgreSQL:", Array.Empty<string>()),
            ("only on SQLite:", sqliteSchema.Indexes.Except(postgresSchema.Indexes).ToArray(), "only on PostgreSQL:", postgresSchema.Indexes.Except(sqliteSchema.Indexes).ToArray()));
        Assert.NotEmpty(sqliteSchema.Indexes);
    }

    private sealed record Schema(IReadOnlyList<string> Columns, IReadOnlyList<string> Indexes);

    // DbUp's journal is the migrator's, not the portal's: its shape differs by design.
    private const string Journal = "schemaversions";

    private static async Task<Schema> SqliteSchemaAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var columns = await connection.QueryAsync<string>(
            $"""
            SELECT m.name || '.' || c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND lower(m.name) <> '{Journal}'
            """);
        // Unnamed indexes (sqlite_autoindex_*) back primary keys and UNIQUE constraints, which PostgreSQL names its own way.
        var indexes = await connection.QueryAsync<string>(
            """
            SELECT m.tbl_name || '.' || m.name || '(' || (SELECT group_concat(COALESCE(i.name, '<expression>'), ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno) i) || ')'
            FROM sqlite_master m WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite_autoindex%' AND lower(m.tbl_name) <> 'schemaversions'
            """);
        return new Schema(columns.Order(StringComparer.Ordinal).ToList(), indexes.Order(StringComparer.Ordinal).ToList());
    }

    private static async Task<Schema> PostgresSchemaAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var columns = await connection.QueryAsync<string>(
            $"SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '{Journal}'");
        // Indexes that back a constraint (primary keys, UNIQUE) are left out, as their unnamed SQLite counterparts are.
        // Only key columns count: an INCLUDE column is PostgreSQL's covering detail (SQLite's indexes carry the rowid anyway).
        var indexes = await connection.QueryAsync<string>(
            """
            SELECT t.relname || '.' || ix.relname || '(' ||
                   (SELECT string_agg(COALESCE(a.attname, '<expression>'), ',' ORDER BY k.n)
                    FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n) LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
                    WHERE k.n <= x.indnkeyatts) || ')'
            FROM pg_index x JOIN pg_class ix ON ix.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relname <> 'schemaversions'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """);
        return new Schema(columns.Order(StringComparer.Ordinal).ToList(), indexes.Order(StringComparer.Ordinal).ToList());
    }
}
