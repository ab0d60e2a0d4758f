using System.Data.Common;
using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;

namespace Portal.Data.Reviews;

/// <summary>
/// Action items: recorded in an open review with an owner from either company, settled (done, or dropped with a reason)
/// by the owner or a lead whatever the review's state, told to the owner, reminded once "due in 3 days" and once
/// "overdue" by the daily job. Items owned by the customer's people go to the change feed.
/// </summary>
public sealed class ActionItemStore(PortalDatabase database, ChangeRecorder changes, NotificationStore notifications, TimeProvider clock)
{
    public const int DueSoonDays = 3;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public Task<ActionItem?> AddAsync(CallerScope scope, long partnershipId, long reviewId, long agendaItemId, NewActionItem input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var review = await ReviewQueries.GetAsync(connection, transaction, database.Dialect, scope, partnershipId, reviewId, cancellationToken, forUpdate: true);
            var onAgenda = review is not null && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM review_agenda_items WHERE id = @agendaItemId AND review_id = @reviewId)", new { agendaItemId, reviewId }, transaction, cancellationToken: cancellationToken));
            if (review is null || !onAgenda)
            {
                return null;
            }
            if (ReviewRules.WhyNotRecord(scope, await ReviewQueries.IsAttendeeAsync(connection, transaction, reviewId, scope.ActorId, cancellationToken)) is { } why)
            {
                throw new ScopeException(why);
            }
            if (ReviewRules.WhyNotEditable(review.State) is { } frozen)
            {
                throw new ScopeException(frozen);
            }
            var errors = ReviewRules.Validate(input, Today);
            var owner = (await PartnershipPeople.ListAsync(connection, transaction, partnershipId, cancellationToken)).FirstOrDefault(p => p.UserId == input.OwnerUserId);
            if (owner is null)
            {
                errors["OwnerUserId"] = "Choose the owner from the partnership's people.";
            }
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO review_action_items (partnership_id, review_id, agenda_item_id, title, owner_user_id, owner_customer, due_on, link, state, created_by_name, created_at)
                VALUES (@partnershipId, @reviewId, @agendaItemId, @Title, @OwnerUserId, @OwnerCustomer, @DueOn, @Link, 'Open', @ActorName, @Now)
                RETURNING id
                """,
                new
                {
                    partnershipId, reviewId, agendaItemId, Title = input.Title.Trim(), input.OwnerUserId, OwnerCustomer = !owner!.IsSupplier, input.DueOn,
                    Link = string.IsNullOrWhiteSpace(input.Link) ? null : input.Link.Trim(), scope.ActorName, Now = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken));
            var item = (await GetAsync(connection, transaction, scope, id, cancellationToken))!;
            var change = ChangeKinds.ActionItem.Of(partnershipId, item.Id, ActionItemChange.ActionItemAdded, null, item);
            await changes.RecordAsync(connection, transaction, scope, item.OwnerUserId == scope.ActorId ? change
                : change.Telling([item.OwnerUserId], "Action item for you", $"{item.Title}, due {item.DueOn:yyyy-MM-dd} (from the review \"{review.Title}\")."), cancellationToken);
            return item;
        }, cancellationToken);

    public Task<ActionItem?> CompleteAsync(CallerScope scope, long partnershipId, long actionItemId, CancellationToken cancellationToken = default) =>
        SettleAsync(scope, partnershipId, actionItemId, ActionItemState.Done, null, cancellationToken);

    public Task<ActionItem?> DropAsync(CallerScope scope, long partnershipId, long actionItemId, string reason, CancellationToken cancellationToken = default) =>
        SettleAsync(scope, partnershipId, actionItemId, ActionItemState.Dropped, reason, cancellationToken);

    public async Task<ActionItem?> GetAsync(CallerScope scope, long partnershipId, long actionItemId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var item = await GetAsync(connection, null, scope, actionItemId, cancellationToken);
        return item?.PartnershipId == partnershipId ? item : null;
    }

    /// <summary>
    /// One page of what the customer's ERP or task tool reads of the partnership's action items: exactly the items the change
    /// feed carries (<see cref="ActionItemFeedV1"/>), as that projection, in id order after <paramref name="afterId"/>
    /// (keyset paging: an item added meanwhile never shifts a page), in one state when <paramref name="state"/> is given.
    /// </summary>
    public async Task<(IReadOnlyList<ActionItemFeedV1> Items, long Total)> ListPublishedAsync(CallerScope scope, long partnershipId, ActionItemState? state,
        long afterId, int limit, CancellationToken cancellationToken = default)
    {
        var where = $"""
            a.partnership_id = @partnershipId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")} AND {ActionItemFeedV1.PublishedCondition}
              {(state is null ? "" : "AND a.state = @State")}
            """;
        var parameters = new { partnershipId, Allowed = scope.PartnershipIds, afterId, State = state?.ToString(), limit };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM review_action_items a WHERE {where}", parameters, cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<ActionItem>(new CommandDefinition(
            $"""
            {ReviewQueries.SelectActionItem}
            WHERE {where} AND a.id > @afterId
            ORDER BY a.id LIMIT @limit
            """, parameters, cancellationToken: cancellationToken));
        return (items.Select(ActionItemFeedV1.Of).OfType<ActionItemFeedV1>().ToList(), total);
    }

    /// <summary>One item as the feed carries it; null when not visible, of another partnership, or not published (the supplier's own).</summary>
    public async Task<ActionItemFeedV1?> GetPublishedAsync(CallerScope scope, long partnershipId, long actionItemId, CancellationToken cancellationToken = default) =>
        await GetAsync(scope, partnershipId, actionItemId, cancellationToken) is { } item ? ActionItemFeedV1.Of(item) : null;

    /// <summary>The partnerships with open action items due within the notice window or overdue: the daily job's fan-out list.</summary>
    public async Task<IReadOnlyList<long>> PartnershipsWithDueItemsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT partnership_id FROM review_action_items WHERE state = 'Open' AND due_on <= @Horizon ORDER BY partnership_id",
            new { Horizon = Today.AddDays(DueSoonDays) }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// One partnership's notices: "due in 3 days" and "overdue", each once per item (the notice table's key decides, so a
    /// re-run or a second node tells nobody twice). Returns how many notices went out now.
    /// </summary>
    public Task<int> SendDueNoticesAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return 0;
            }
            var today = Today;
            var due = await connection.QueryAsync<ActionItem>(new CommandDefinition(
                $"""
                {ReviewQueries.SelectActionItem}
                WHERE a.partnership_id = @partnershipId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")} AND a.state = 'Open' AND a.due_on <= @Horizon
                ORDER BY a.due_on, a.id
                """, new { partnershipId, Allowed = scope.PartnershipIds, Horizon = today.AddDays(DueSoonDays) }, transaction, cancellationToken: cancellationToken));
            var sent = 0;
            foreach (var item in due)
            {
                var kind = item.DueOn < today ? "Overdue" : "DueSoon";
                var first = await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO review_action_notices (action_item_id, kind, partnership_id, notified_at) VALUES (@Id, @kind, @PartnershipId, @Now)
                    ON CONFLICT (action_item_id, kind) DO NOTHING
                    """, new { item.Id, kind, item.PartnershipId, Now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
                if (first == 0)
                {
                    continue;
                }
                sent++;
                await notifications.NotifyAsync(connection, transaction, partnershipId, [item.OwnerUserId],
                    kind == "Overdue" ? "Action item overdue" : $"Action item due in {item.DueOn.DayNumber - today.DayNumber} day(s)",
                    $"{item.Title}, due {item.DueOn:yyyy-MM-dd}.", new NotificationTarget(ChangeKinds.ActionItem.Entity, item.Id), cancellationToken);
            }
            return sent;
        }, cancellationToken);

    private Task<ActionItem?> SettleAsync(CallerScope scope, long partnershipId, long actionItemId, ActionItemState to, string? reason, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await GetAsync(connection, transaction, scope, actionItemId, cancellationToken, forUpdate: true);
            if (before is null || before.PartnershipId != partnershipId)
            {
                return null;
            }
            if (ReviewRules.WhyNotSettle(scope, before.OwnerUserId) is { } why)
            {
                throw new ScopeException(why);
            }
            if (before.State != ActionItemState.Open)
            {
                throw ReviewQueries.Invalid("State", $"This action item is already {before.State.ToString().ToLowerInvariant()}.");
            }
            if (to == ActionItemState.Dropped && ReviewRules.TextError("DropReason", reason, "Say why the action item is dropped.") is { } error)
            {
                throw new ValidationException(error);
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE review_action_items SET state = @State, drop_reason = @Reason, closed_at = @Now, closed_by_name = @ActorName WHERE id = @actionItemId",
                new { State = to.ToString(), Reason = reason?.Trim(), Now = clock.GetUtcNow(), scope.ActorName, actionItemId }, transaction, cancellationToken: cancellationToken));
            var after = (await GetAsync(connection, transaction, scope, actionItemId, cancellationToken))!;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.ActionItem.Of(partnershipId, actionItemId,
                to == ActionItemState.Done ? ActionItemChange.ActionItemDone : ActionItemChange.ActionItemDropped, before, after).Saying(reason), cancellationToken);
            return after;
        }, cancellationToken);

    private Task<ActionItem?> GetAsync(DbConnection connection, DbTransaction? transaction, CallerScope scope, long actionItemId, CancellationToken cancellationToken, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<ActionItem>(new CommandDefinition(
            $"{ReviewQueries.SelectActionItem} WHERE a.id = @actionItemId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")}{(forUpdate && database.Dialect.IsPostgres ? " FOR UPDATE OF a" : "")}",
            new { actionItemId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));
}

/// <summary>
/// Version 1 of what the customer's ERP or task tool reads about an action item, on the change feed and through the
/// ActionItems gRPC service: no internal names beyond the owner's. Only the customer's people's items are published; the
/// supplier's own stay in the portal.
/// </summary>
public sealed record ActionItemFeedV1(long Id, long ReviewId, string Title, string Owner, DateOnly DueOn, string State, string? DropReason, string? Link) : FeedProjection
{
    /// <summary><see cref="Of"/>'s rule in SQL (alias <c>a</c>), for reads that page through the published items.</summary>
    internal const string PublishedCondition = "a.owner_customer = TRUE";

    public static ActionItemFeedV1? Of(ActionItem item) =>
        item.OwnerCustomer ? new(item.Id, item.ReviewId, item.Title, item.OwnerName, item.DueOn, item.State.ToString(), item.DropReason, item.Link) : null;
}
