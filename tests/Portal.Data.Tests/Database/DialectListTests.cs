using Dapper;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Database;

public sealed class DialectListTests
{
    [Theory, OnBothDatabases]
    public async Task A_list_longer_than_SQLite_s_parameter_limit_travels_as_one_value(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(provider);
        await using var connection = await db.Database.OpenAsync(Ct);
        var dialect = db.Database.Dialect;
        var numbers = Enumerable.Range(1, 40_000).Select(i => (long)i).ToList();

        var found = await connection.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM (SELECT 7 AS n UNION ALL SELECT 40000 UNION ALL SELECT 40001) t WHERE {dialect.InList("t.n", "@numbers")}",
            new { numbers = dialect.ListOf(numbers) });

        Assert.Equal(2, found);
    }

    [Theory, OnBothDatabases]
    public async Task Json_rows_read_back_as_written_with_nulls_quotes_control_characters_markup_and_unicode(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(provider);
        await using var connection = await db.Database.OpenAsync(Ct);
        (string Text, long Number, string? Maybe)[] rows = [("O'Brien \"quoted\" \\ back\ttab\nline <b>&amp;</b> +1", 9_007_199_254_740_993, null), ("Zürich 東京 🚚", -1, "{\"json\":\"as text\"}")];

        var read = await connection.QueryAsync<(string Text, long Number, string? Maybe)>(
            $"SELECT r.text, r.number, r.maybe FROM {db.Database.Dialect.JsonRows("@rows", ("text", "text"), ("number", "bigint"), ("maybe", "text"))} ORDER BY r.number DESC",
            new
            {
                rows = JsonRows.Of(rows, (json, row) =>
                {
                    json.WriteString("text", row.Text);
                    json.WriteNumber("number", row.Number);
                    if (row.Maybe is null) json.WriteNull("maybe");
                    else json.WriteString("maybe", row.Maybe);
                }),
            });

        Assert.Equal(rows, read);
    }
}
