using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Tenancy;

namespace Portal.Data.Reviews;

/// <summary>
/// What happens during an open review: the leads shape the agenda (add, move, skip), attendees and leads save notes per
/// item (optimistic concurrency on the item's version, so two editors never lose each other's work) and record decisions.
/// A review that is not open refuses all of it, so frozen minutes stay as they were.
/// </summary>
public sealed class MeetingStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    public Task<AgendaItem?> AddItemAsync(CallerScope scope, long partnershipId, long reviewId, string title, string detail, CancellationToken cancellationToken = default) =>
        EditAsync(scope, partnershipId, reviewId, null, leadOnly: true, ReviewChange.AgendaItemAdded, cancellationToken, async (connection, transaction, _) =>
        {
            if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > ReviewRules.MaxTitle)
            {
                throw ReviewQueries.Invalid("Title", $"Give the item a title of at most {ReviewRules.MaxTitle} characters.");
            }
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO review_agenda_items (review_id, partnership_id, position, source_kind, title, detail)
                SELECT @reviewId, @partnershipId, COALESCE(MAX(position), 0) + 1, @Kind, @Title, @Detail FROM review_agenda_items WHERE review_id = @reviewId
                RETURNING id
                """, new { reviewId, partnershipId, Kind = nameof(AgendaSourceKind.Manual), Title = title.Trim(), Detail = (detail ?? "").Trim() },
                transaction, cancellationToken: cancellationToken));
        });

    /// <summary>Swaps the item with its neighbour above (<paramref name="up"/>) or below; at either end nothing moves.</summary>
    public Task<AgendaItem?> MoveItemAsync(CallerScope scope, long partnershipId, long reviewId, long itemId, bool up, CancellationToken cancellationToken = default) =>
        EditAsync(scope, partnershipId, reviewId, itemId, leadOnly: true, up ? ReviewChange.AgendaItemMovedUp : ReviewChange.AgendaItemMovedDown, cancellationToken, async (connection, transaction, item) =>
        {
            var neighbour = await connection.QuerySingleOrDefaultAsync<(long Id, int Position)?>(new CommandDefinition(
                up
                    ? "SELECT id, position FROM review_agenda_items WHERE review_id = @reviewId AND position < @Position ORDER BY position DESC LIMIT 1"
                    : "SELECT id, position FROM review_agenda_items WHERE review_id = @reviewId AND position > @Position ORDER BY position LIMIT 1",
                new { reviewId, item!.Position }, transaction, cancellationToken: cancellationToken));
            if (neighbour is { } n)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE review_agenda_items SET position = CASE WHEN id = @ItemId THEN @Theirs ELSE @Mine END WHERE id IN (@ItemId, @OtherId)",
                    new { ItemId = item.Id, OtherId = n.Id, Theirs = n.Position, Mine = item.Position }, transaction, cancellationToken: cancellationToken));
            }
            return item.Id;
        });

    /// <summary>Skips an item with a reason (it stays in the minutes, marked skipped); an empty reason puts it back.</summary>
    public Task<AgendaItem?> SkipItemAsync(CallerScope scope, long partnershipId, long reviewId, long itemId, string? reason, CancellationToken cancellationToken = default) =>
        EditAsync(scope, partnershipId, reviewId, itemId, leadOnly: true, string.IsNullOrWhiteSpace(reason) ? ReviewChange.AgendaItemRestored : ReviewChange.AgendaItemSkipped, cancellationToken,
            async (connection, transaction, item) =>
            {
                if (reason?.Length > ReviewRules.MaxText)
                {
                    throw ReviewQueries.Invalid("SkipReason", "The reason is too long.");
                }
                await connection.ExecuteAsync(new CommandDefinition("UPDATE review_agenda_items SET skipped_reason = @Reason WHERE id = @Id",
                    new { Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), item!.Id }, transaction, cancellationToken: cancellationToken));
                return item.Id;
            });

    /// <summary>
    /// Saves an item's notes over <paramref name="expectedVersion"/>. When someone saved since, nothing is written and an
    /// <see cref="EditConflictException"/> carries their name and text.
    /// </summary>
    public Task<AgendaItem?> SaveNotesAsync(CallerScope scope, long partnershipId, long reviewId, long itemId, int expectedVersion, string notes, CancellationToken cancellationToken = default) =>
        EditAsync(scope, partnershipId, reviewId, itemId, leadOnly: false, ReviewChange.NotesSaved, cancellationToken, async (connection, transaction, item) =>
        {
            if (notes.Length > ReviewRules.MaxText)
            {
                throw ReviewQueries.Invalid("Notes", $"Notes hold at most {ReviewRules.MaxText} characters.");
            }
            var saved = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE review_agenda_items SET notes = @notes, version = version + 1, updated_by_name = @ActorName, updated_at = @Now WHERE id = @Id AND version = @expectedVersion",
                new { notes, scope.ActorName, Now = clock.GetUtcNow(), item!.Id, expectedVersion }, transaction, cancellationToken: cancellationToken));
            if (saved == 0)
            {
                throw new EditConflictException(item.UpdatedByName ?? "someone", item.Notes, item.Version);
            }
            return item.Id;
        });

    public Task<AgendaItem?> AddDecisionAsync(CallerScope scope, long partnershipId, long reviewId, long itemId, string text, CancellationToken cancellationToken = default) =>
        EditAsync(scope, partnershipId, reviewId, itemId, leadOnly: false, ReviewChange.DecisionRecorded, cancellationToken, async (connection, transaction, item) =>
        {
            if (ReviewRules.TextError("Decision", text, $"Write the decision (at most {ReviewRules.MaxText} characters).") is { } error)
            {
                throw new ValidationException(error);
            }
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO review_decisions (review_id, agenda_item_id, partnership_id, text, decided_by_name, decided_by_customer, recorded_at)
                VALUES (@reviewId, @Id, @partnershipId, @Text, @ActorName, @Customer, @Now)
                """, new { reviewId, item!.Id, partnershipId, Text = text.Trim(), scope.ActorName, Customer = ReviewRules.IsCustomer(scope), Now = clock.GetUtcNow() },
                transaction, cancellationToken: cancellationToken));
            return item.Id;
        });

    /// <summary>
    /// The shared frame of every edit: the review locked and visible (else null), open, the caller allowed; then the
    /// change, and the trail entry with the item before and after.
    /// </summary>
    private Task<AgendaItem?> EditAsync(CallerScope scope, long partnershipId, long reviewId, long? itemId, bool leadOnly, ReviewChange action, CancellationToken cancellationToken,
        Func<DbConnection, DbTransaction, AgendaItem?, Task<long>> change) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var review = await ReviewQueries.GetAsync(connection, transaction, database.Dialect, scope, partnershipId, reviewId, cancellationToken, forUpdate: true);
            var before = review is null || itemId is null ? null : await ItemAsync(connection, transaction, reviewId, itemId.Value, cancellationToken);
            if (review is null || (itemId is not null && before is null))
            {
                return null;
            }
            var why = leadOnly
                ? ReviewRules.WhyNotLead(scope)
                : ReviewRules.WhyNotRecord(scope, await ReviewQueries.IsAttendeeAsync(connection, transaction, reviewId, scope.ActorId, cancellationToken));
            if (why is not null)
            {
                throw new ScopeException(why);
            }
            if (ReviewRules.WhyNotEditable(review.State) is { } frozen)
            {
                throw new ScopeException(frozen);
            }
            var id = await change(connection, transaction, before);
            var after = await ItemAsync(connection, transaction, reviewId, id, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Review.Of(partnershipId, reviewId, action, before, after), cancellationToken);
            return after;
        }, cancellationToken);

    private static Task<AgendaItem?> ItemAsync(DbConnection connection, DbTransaction transaction, long reviewId, long itemId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<AgendaItem>(new CommandDefinition(
            $"{ReviewQueries.SelectAgendaItem} WHERE i.id = @itemId AND i.review_id = @reviewId", new { itemId, reviewId }, transaction, cancellationToken: cancellationToken));
}
