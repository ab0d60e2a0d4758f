using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Portal.Data.Partnerships;

/// <summary>The records that people name by a number of their own partnership.</summary>
public enum RecordKind
{
    DesignRequest,
    QualityIssue,
    Loan,
}

/// <summary>
/// Per-partnership record numbers ("NOR-DR-12"): the global id would tell a customer how many records other customers
/// have. Numbers come from a counter row per partnership and kind, updated in the record's insert transaction, so two
/// nodes inserting at once wait on that row and never take the same number (the unique index would refuse it anyway).
/// </summary>
public static class RecordNumbers
{
    public static string Letters(RecordKind kind) => kind switch
    {
        RecordKind.DesignRequest => "DR",
        RecordKind.QualityIssue => "Q",
        _ => "L",
    };

    /// <summary>"NOR-DR-12"; a record written around the stores has no number and is named by its id.</summary>
    public static string Format(string? partnershipCode, RecordKind kind, long? number, long id) => number switch
    {
        null => $"#{id}",
        { } n when string.IsNullOrEmpty(partnershipCode) => $"{Letters(kind)}-{n}",
        { } n => $"{partnershipCode}-{Letters(kind)}-{n}",
    };

    /// <summary>The number a search names, whichever way it is written: "12", "#12", "DR-12", "NOR-DR-12"; null for other text.</summary>
    public static long? NumberIn(string? search)
    {
        var last = search?.Trim().Split('-', '#').LastOrDefault();
        return long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>Takes the partnership's next number of this kind; call it inside the transaction that inserts the record.</summary>
    internal static Task<long> TakeAsync(DbConnection connection, DbTransaction transaction, long partnershipId, RecordKind kind, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<long>(new CommandDefinition(
            """
            INSERT INTO record_counters (partnership_id, kind, last_number) VALUES (@partnershipId, @Kind, 1)
            ON CONFLICT (partnership_id, kind) DO UPDATE SET last_number = record_counters.last_number + 1
            RETURNING last_number
            """, new { partnershipId, Kind = Letters(kind) }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Gives back the number just taken when the insert turned out to be a retry of an existing record. The transaction
    /// still holds the counter row, so nobody has taken a later number meanwhile.
    /// </summary>
    internal static Task GiveBackAsync(DbConnection connection, DbTransaction transaction, long partnershipId, RecordKind kind, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE record_counters SET last_number = last_number - 1 WHERE partnership_id = @partnershipId AND kind = @Kind",
            new { partnershipId, Kind = Letters(kind) }, transaction, cancellationToken: cancellationToken));
}
