using System.Data.Common;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Reviews;

/// <summary>The reads the review stores share; every one puts the caller's partnerships into its SQL.</summary>
internal static class ReviewQueries
{
    public const string SelectReview = """
        SELECT r.id, r.partnership_id, r.state, r.title, r.starts_at, r.time_zone, r.duration_minutes, r.place, r.video_link, r.sequence,
               r.scheduled_by_name, r.scheduled_at, r.opened_at, r.closed_at, r.closed_by_name, r.cancelled_at, r.cancel_reason,
               r.acknowledged_at, r.acknowledged_by_name
        FROM reviews r
        """;

    public const string SelectAgendaItem = """
        SELECT i.id, i.review_id, i.position, i.source_kind, i.source_entity, i.source_id, i.title, i.detail, i.carried_count,
               i.skipped_reason, i.notes, i.version, i.updated_by_name, i.updated_at
        FROM review_agenda_items i
        """;

    public const string SelectActionItem = """
        SELECT a.id, a.partnership_id, a.review_id, a.agenda_item_id, a.title, a.owner_user_id, u.display_name AS owner_name, a.owner_customer, a.due_on,
               a.link, a.state, a.drop_reason, a.carried_count, a.created_by_name, a.created_at, a.closed_at, a.closed_by_name
        FROM review_action_items a JOIN users u ON u.id = a.owner_user_id
        """;

    /// <summary>The review when the caller sees its partnership and it belongs to <paramref name="partnershipId"/>; null otherwise.</summary>
    public static Task<Review?> GetAsync(DbConnection connection, DbTransaction? transaction, Dialect dialect, CallerScope scope, long partnershipId, long reviewId,
        CancellationToken cancellationToken, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<Review>(new CommandDefinition(
            $"{SelectReview} WHERE r.id = @reviewId AND r.partnership_id = @partnershipId AND {dialect.IsIn("r.partnership_id", "@Allowed")}{(forUpdate ? dialect.ForUpdate : "")}",
            new { reviewId, partnershipId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));

    public static Task<bool> IsAttendeeAsync(DbConnection connection, DbTransaction? transaction, long reviewId, long? userId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM review_attendees WHERE review_id = @reviewId AND user_id = @userId)", new { reviewId, userId }, transaction, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<long>> AttendeeIdsAsync(DbConnection connection, DbTransaction? transaction, long reviewId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(new CommandDefinition("SELECT user_id FROM review_attendees WHERE review_id = @reviewId ORDER BY user_id",
            new { reviewId }, transaction, cancellationToken: cancellationToken))).ToList();

    public static Task<(long? Supplier, long? Customer)> LeadsAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<(long? Supplier, long? Customer)>(new CommandDefinition(
            "SELECT supplier_lead_user_id, customer_lead_user_id FROM partnerships WHERE id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken));

    public static ValidationException Invalid(string field, string message) => new(new Dictionary<string, string> { [field] = message });
}
