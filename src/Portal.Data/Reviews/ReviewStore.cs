using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Partnerships;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;

namespace Portal.Data.Reviews;

/// <summary>
/// A review's life: scheduled (and rescheduled, with a higher calendar SEQUENCE), opened with its generated agenda, closed
/// into frozen minutes, or cancelled; addenda and the customer lead's acknowledgement after closing. Every read and write is
/// scoped to the caller's partnerships (another partnership's review is null, as if it did not exist) and every act is
/// checked against <see cref="ReviewRules"/> here, not in the pages.
/// </summary>
public sealed class ReviewStore(PortalDatabase database, AgendaBuilder agenda, ScorecardStore scorecards, ChangeRecorder changes, TimeProvider clock)
{
    public const int PastPageSize = 20;
    public const int UpcomingLimit = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ReviewList?> ListAsync(CallerScope scope, long partnershipId, int pageNumber, CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return null;
        }
        pageNumber = Math.Max(1, pageNumber);
        var filter = $"r.partnership_id = @partnershipId AND {database.Dialect.IsIn("r.partnership_id", "@Allowed")}";
        var parameters = new { partnershipId, Allowed = scope.PartnershipIds, Limit = PastPageSize, Offset = (long)(pageNumber - 1) * PastPageSize, UpcomingLimit };
        await using var connection = await database.OpenAsync(cancellationToken);
        var upcoming = await connection.QueryAsync<Review>(new CommandDefinition(
            $"{ReviewQueries.SelectReview} WHERE {filter} AND r.state IN ('Scheduled', 'Open') ORDER BY r.starts_at, r.id LIMIT @UpcomingLimit", parameters, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM reviews r WHERE {filter} AND r.state IN ('Closed', 'Cancelled')", parameters, cancellationToken: cancellationToken));
        var past = await connection.QueryAsync<Review>(new CommandDefinition(
            $"{ReviewQueries.SelectReview} WHERE {filter} AND r.state IN ('Closed', 'Cancelled') ORDER BY r.starts_at DESC, r.id DESC LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken));
        return new ReviewList(upcoming.ToList(), new Page<Review>(past.ToList(), pageNumber, PastPageSize, total));
    }

    public async Task<Review?> GetAsync(CallerScope scope, long partnershipId, long reviewId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReviewQueries.GetAsync(connection, null, database.Dialect, scope, partnershipId, reviewId, cancellationToken);
    }

    /// <summary>The review with everything recorded in it; for a closed review the frozen minutes too. Null when not visible.</summary>
    public async Task<ReviewMeeting?> GetMeetingAsync(CallerScope scope, long partnershipId, long reviewId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var review = await ReviewQueries.GetAsync(connection, null, database.Dialect, scope, partnershipId, reviewId, cancellationToken);
        if (review is null)
        {
            return null;
        }
        var parameters = new { reviewId };
        var attendees = await connection.QueryAsync<ReviewAttendee>(new CommandDefinition(
            """
            SELECT u.id AS user_id, u.display_name, o.kind = 'Supplier' AS is_supplier
            FROM review_attendees a JOIN users u ON u.id = a.user_id JOIN organisations o ON o.id = u.organisation_id
            WHERE a.review_id = @reviewId ORDER BY o.kind DESC, u.display_name
            """, parameters, cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<AgendaItem>(new CommandDefinition(
            $"{ReviewQueries.SelectAgendaItem} WHERE i.review_id = @reviewId ORDER BY i.position, i.id", parameters, cancellationToken: cancellationToken));
        var decisions = await connection.QueryAsync<Decision>(new CommandDefinition(
            "SELECT id, agenda_item_id, text, decided_by_name, decided_by_customer, recorded_at FROM review_decisions WHERE review_id = @reviewId ORDER BY recorded_at, id",
            parameters, cancellationToken: cancellationToken));
        var actions = await connection.QueryAsync<ActionItem>(new CommandDefinition(
            $"{ReviewQueries.SelectActionItem} WHERE a.review_id = @reviewId ORDER BY a.id", parameters, cancellationToken: cancellationToken));
        var addenda = await connection.QueryAsync<Addendum>(new CommandDefinition(
            "SELECT id, text, author_name, added_at FROM review_addenda WHERE review_id = @reviewId ORDER BY added_at, id", parameters, cancellationToken: cancellationToken));
        var minutesJson = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT minutes_json FROM reviews WHERE id = @reviewId", parameters, cancellationToken: cancellationToken));
        return new ReviewMeeting(review, attendees.ToList(), items.ToList(), decisions.ToList(), actions.ToList(), addenda.ToList(),
            minutesJson is null ? null : JsonSerializer.Deserialize<ReviewMinutes>(minutesJson, Json));
    }

    /// <summary>The people who may attend: everyone active who sees the partnership, supplier first. Null outside the scope.</summary>
    public async Task<IReadOnlyList<PartnershipPerson>?> ListPeopleAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return await PartnershipPeople.ListAsync(connection, null, partnershipId, cancellationToken);
    }

    /// <summary>A lead schedules a review; the attendees are told. Null outside the scope.</summary>
    public Task<Review?> ScheduleAsync(CallerScope scope, long partnershipId, ReviewSchedule input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            Refuse(ReviewRules.WhyNotLead(scope));
            var startsAt = await ValidateAsync(connection, transaction, partnershipId, input, cancellationToken);
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO reviews (partnership_id, state, title, starts_at, time_zone, duration_minutes, place, video_link, sequence, scheduled_by_name, scheduled_at)
                VALUES (@partnershipId, 'Scheduled', @Title, @startsAt, @TimeZone, @DurationMinutes, @Place, @VideoLink, 0, @ActorName, @Now)
                RETURNING id
                """,
                new
                {
                    partnershipId, Title = input.Title.Trim(), startsAt, input.TimeZone, input.DurationMinutes, Place = input.Place.Trim(), VideoLink = input.VideoLink.Trim(),
                    scope.ActorName, Now = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken));
            await SetAttendeesAsync(connection, transaction, partnershipId, id, input.AttendeeIds, cancellationToken);
            var position = 0;
            foreach (var extra in (input.ExtraItems ?? []).Where(e => !string.IsNullOrWhiteSpace(e)))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO review_agenda_items (review_id, partnership_id, position, source_kind, title) VALUES (@id, @partnershipId, @position, 'Manual', @Title)",
                    new { id, partnershipId, position = ++position, Title = extra.Trim() }, transaction, cancellationToken: cancellationToken));
            }
            var review = (await ReviewQueries.GetAsync(connection, transaction, database.Dialect, scope, partnershipId, id, cancellationToken))!;
            await RecordAsync(connection, transaction, scope, review, ReviewChange.Scheduled, null, review, input.AttendeeIds,
                ("Review scheduled", $"{review.Title} on {review.LocalStart:yyyy-MM-dd HH:mm} ({review.TimeZone})."), cancellationToken);
            return review;
        }, cancellationToken);

    /// <summary>Moves a scheduled review: same calendar UID, SEQUENCE one higher, attendees told again.</summary>
    public Task<Review?> RescheduleAsync(CallerScope scope, long partnershipId, long reviewId, ReviewSchedule input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await ReviewQueries.GetAsync(connection, transaction, database.Dialect, scope, partnershipId, reviewId, cancellationToken, forUpdate: true);
            if (before is null)
            {
                return null;
            }
            Refuse(ReviewRules.WhyNotLead(scope));
            if (before.State != ReviewState.Scheduled)
            {
                throw ReviewQueries.Invalid("State", "Only a scheduled review can be moved.");
            }
            var startsAt = await ValidateAsync(connection, transaction, partnershipId, input, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE reviews SET title = @Title, starts_at = @startsAt, time_zone = @TimeZone, duration_minutes = @DurationMinutes, place = @Place,
                    video_link = @VideoLink, sequence = sequence + 1
                WHERE id = @reviewId
                """,
                new { reviewId, Title = input.Title.Trim(), startsAt, input.TimeZone, input.DurationMinutes, Place = input.Place.Trim(), VideoLink = input.VideoLink.Trim() },
                transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM review_attendees WHERE review_id = @reviewId", new { reviewId }, transaction, cancellationToken: cancellationToken));
            await SetAttendeesAsync(connection, transaction, partnershipId, reviewId, input.AttendeeIds, cancellationToken);
            var after = (await ReviewQueries.GetAsync(connection, transaction, database.Dialect, scope, partnershipId, reviewId, cancellationToken))!;
            await RecordAsync(connection, transaction, scope, after, ReviewChange.Rescheduled, before, after, input.AttendeeIds,
                ("Review moved", $"{after.Title} is now on {after.LocalStart:yyyy-MM-dd HH:mm} ({after.TimeZone})."), cancellationToken);
            return after;
        }, cancellationToken);

    public Task<Review?> CancelAsync(CallerScope scope, long partnershipId, long reviewId, string reason, CancellationToken cancellationToken = default) =>
        Move(scope, partnershipId, reviewId, ReviewChange.Cancelled, cancellationToken, async (connection, transaction, before) =>
        {
            if (before.State != ReviewState.Scheduled)
            {
                throw ReviewQueries.Invalid("State", "Only a scheduled review can be cancelled.");
            }
            if (ReviewRules.TextError("CancelReason", reason, "Say why the review is cancelled.") is { } error)
            {
                throw new ValidationException(error);
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reviews SET state = 'Cancelled', cancelled_at = @Now, cancel_reason = @Reason, sequence = sequence + 1 WHERE id = @reviewId",
                new { reviewId, Now = clock.GetUtcNow(), Reason = reason.Trim() }, transaction, cancellationToken: cancellationToken));
            return ("Review cancelled", $"{before.Title}: {reason.Trim()}");
        });

    /// <summary>
    /// Opens the meeting: the agenda is generated from the data as of now (the sources are read first, outside the write
    /// transaction) and saved after any hand-added items; carried action items count one more carry.
    /// </summary>
    public async Task<Review?> OpenAsync(CallerScope scope, long partnershipId, long reviewId, CancellationToken cancellationToken = default)
    {
        var review = await GetAsync(scope, partnershipId, reviewId, cancellationToken);
        if (review is null)
        {
            return null;
        }
        Refuse(ReviewRules.WhyNotLead(scope));
        var now = clock.GetUtcNow();
        var candidates = await agenda.BuildAsync(await ContextAsync(scope, partnershipId, reviewId, now, cancellationToken), cancellationToken);
        return await Move(scope, partnershipId, reviewId, ReviewChange.Opened, cancellationToken, async (connection, transaction, before) =>
        {
            if (before.State != ReviewState.Scheduled)
            {
                throw ReviewQueries.Invalid("State", "Only a scheduled review can be opened.");
            }
            await connection.ExecuteAsync(new CommandDefinition("UPDATE reviews SET state = 'Open', opened_at = @now WHERE id = @reviewId",
                new { reviewId, now }, transaction, cancellationToken: cancellationToken));
            var position = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(position), 0) FROM review_agenda_items WHERE review_id = @reviewId", new { reviewId }, transaction, cancellationToken: cancellationToken));
            foreach (var c in candidates)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO review_agenda_items (review_id, partnership_id, position, source_kind, source_entity, source_id, title, detail, carried_count)
                    VALUES (@reviewId, @partnershipId, @Position, @Kind, @Entity, @EntityId, @Title, @Detail, @CarriedCount)
                    """,
                    new { reviewId, partnershipId, Position = ++position, Kind = c.Kind.ToString(), c.Entity, c.EntityId, c.Title, c.Detail, c.CarriedCount },
                    transaction, cancellationToken: cancellationToken));
                if (c.Kind == AgendaSourceKind.ActionItem)
                {
                    await connection.ExecuteAsync(new CommandDefinition("UPDATE review_action_items SET carried_count = @CarriedCount WHERE id = @EntityId AND partnership_id = @partnershipId",
                        new { c.CarriedCount, c.EntityId, partnershipId }, transaction, cancellationToken: cancellationToken));
                }
            }
            return null;
        });
    }

    /// <summary>
    /// What the agenda of a scheduled review would hold if it opened now, so that both sides can prepare; nothing is saved
    /// (the agenda is generated again, and kept, when the review opens). Empty for a review that is not scheduled.
    /// </summary>
    public async Task<IReadOnlyList<AgendaCandidate>?> PreviewAgendaAsync(CallerScope scope, long partnershipId, long reviewId, CancellationToken cancellationToken = default)
    {
        var review = await GetAsync(scope, partnershipId, reviewId, cancellationToken);
        if (review is null)
        {
            return null;
        }
        return review.State != ReviewState.Scheduled
            ? []
            : await agenda.BuildAsync(await ContextAsync(scope, partnershipId, reviewId, clock.GetUtcNow(), cancellationToken), cancellationToken);
    }

    /// <summary>"Since the last review" starts when the partnership's latest other review was opened.</summary>
    private async Task<AgendaContext> ContextAsync(CallerScope scope, long partnershipId, long reviewId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var since = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MAX(opened_at) FROM reviews WHERE partnership_id = @partnershipId AND id <> @reviewId AND opened_at IS NOT NULL",
            new { partnershipId, reviewId }, cancellationToken: cancellationToken)) ?? now - AgendaBuilder.FirstLookBack;
        return new AgendaContext(scope, partnershipId, reviewId, now, since);
    }

    /// <summary>
    /// Closes the meeting and freezes its minutes, with a copy of the latest scorecard's figures (read first, outside the
    /// write transaction); from now on the agenda, notes and decisions refuse every change.
    /// </summary>
    public async Task<Review?> CloseAsync(CallerScope scope, long partnershipId, long reviewId, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(scope, partnershipId, reviewId, cancellationToken) is null)
        {
            return null;
        }
        // The latest month closed as of the meeting: a snapshot is only ever of a closed month, but a review closed late (or
        // the demo's, closed back in time) must not copy a month that had not ended yet.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var latest = await scorecards.GetPageAsync(scope, partnershipId, new DateOnly(today.Year, today.Month, 1), 1, cancellationToken);
        var scorecard = MinutesScorecard.Of(latest.Count > 0 ? latest[0] : null);
        return await Move(scope, partnershipId, reviewId, ReviewChange.Closed, cancellationToken, async (connection, transaction, before) =>
        {
            if (before.State != ReviewState.Open)
            {
                throw ReviewQueries.Invalid("State", ReviewRules.WhyNotEditable(before.State)!);
            }
            var now = clock.GetUtcNow();
            var minutes = await MinutesAsync(connection, transaction, before, now, scope.ActorName, cancellationToken) with { Scorecard = scorecard };
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reviews SET state = 'Closed', closed_at = @now, closed_by_name = @ActorName, minutes_json = @MinutesJson WHERE id = @reviewId",
                new { reviewId, now, scope.ActorName, MinutesJson = JsonSerializer.Serialize(minutes, Json) }, transaction, cancellationToken: cancellationToken));
            return ("Review minutes ready", $"The minutes of {before.Title} are frozen; read them in the portal.");
        });
    }

    /// <summary>A correction to frozen minutes: kept beside them with who and when, never written into them.</summary>
    public Task<Review?> AddAddendumAsync(CallerScope scope, long partnershipId, long reviewId, string text, CancellationToken cancellationToken = default) =>
        Move(scope, partnershipId, reviewId, ReviewChange.AddendumAdded, cancellationToken, async (connection, transaction, before) =>
        {
            if (before.State != ReviewState.Closed)
            {
                throw ReviewQueries.Invalid("Addendum", "Addenda are for closed minutes; the open review takes notes directly.");
            }
            if (ReviewRules.TextError("Addendum", text, $"Write the addendum (at most {ReviewRules.MaxText} characters).") is { } error)
            {
                throw new ValidationException(error);
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO review_addenda (review_id, partnership_id, text, author_name, added_at) VALUES (@reviewId, @partnershipId, @Text, @ActorName, @Now)",
                new { reviewId, partnershipId, Text = text.Trim(), scope.ActorName, Now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
            return ("Addendum to review minutes", $"{scope.ActorName} added to the minutes of {before.Title}.");
        });

    /// <summary>The customer's lead confirms the minutes, once.</summary>
    public Task<Review?> AcknowledgeAsync(CallerScope scope, long partnershipId, long reviewId, CancellationToken cancellationToken = default) =>
        Move(scope, partnershipId, reviewId, ReviewChange.Acknowledged, cancellationToken, async (connection, transaction, before) =>
        {
            if (before.State != ReviewState.Closed || before.AcknowledgedAt is not null)
            {
                throw ReviewQueries.Invalid("State", before.AcknowledgedAt is null ? "Only closed minutes are acknowledged." : "These minutes are already acknowledged.");
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reviews SET acknowledged_at = @Now, acknowledged_by_user_id = @ActorId, acknowledged_by_name = @ActorName WHERE id = @reviewId AND acknowledged_at IS NULL",
                new { reviewId, Now = clock.GetUtcNow(), scope.ActorId, scope.ActorName }, transaction, cancellationToken: cancellationToken));
            return ("Review minutes acknowledged", $"{scope.ActorName} acknowledged the minutes of {before.Title}.");
        }, ReviewRules.WhyNotAcknowledge);

    /// <summary>
    /// Loads and locks the review, checks the caller's right (a lead, unless <paramref name="rule"/> says otherwise), applies
    /// <paramref name="change"/> and records it. <paramref name="change"/> answers the attendees' notice, if any.
    /// </summary>
    private Task<Review?> Move(CallerScope scope, long partnershipId, long reviewId, ReviewChange action, CancellationToken cancellationToken,
        Func<DbConnection, DbTransaction, Review, Task<(string Title, string Body)?>> change, Func<CallerScope, string?>? rule = null) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await ReviewQueries.GetAsync(connection, transaction, database.Dialect, scope, partnershipId, reviewId, cancellationToken, forUpdate: true);
            if (before is null)
            {
                return null;
            }
            Refuse((rule ?? ReviewRules.WhyNotLead)(scope));
            var notice = await change(connection, transaction, before);
            var after = (await ReviewQueries.GetAsync(connection, transaction, database.Dialect, scope, partnershipId, reviewId, cancellationToken))!;
            var attendees = await ReviewQueries.AttendeeIdsAsync(connection, transaction, reviewId, cancellationToken);
            await RecordAsync(connection, transaction, scope, after, action, before, after, attendees, notice, cancellationToken);
            return after;
        }, cancellationToken);

    /// <summary>Records a change of the review; a notice goes to the attendees and both leads, not to the one who acted.</summary>
    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, Review review, ReviewChange action, Review? before, Review after,
        IEnumerable<long> recipients, (string Title, string Body)? notice, CancellationToken cancellationToken)
    {
        var change = ChangeKinds.Review.Of(review.PartnershipId, review.Id, action, before, after);
        if (notice is { } n)
        {
            var leads = await ReviewQueries.LeadsAsync(connection, transaction, review.PartnershipId, cancellationToken);
            change = change.Telling(recipients.Concat(new[] { leads.Supplier, leads.Customer }.OfType<long>()).Where(id => id != scope.ActorId), n.Title, n.Body);
        }
        await changes.RecordAsync(connection, transaction, scope, change, cancellationToken);
    }

    private async Task<DateTimeOffset> ValidateAsync(DbConnection connection, DbTransaction transaction, long partnershipId, ReviewSchedule input, CancellationToken cancellationToken)
    {
        var (errors, startsAt) = ReviewRules.Validate(input, clock.GetUtcNow());
        var people = (await PartnershipPeople.ListAsync(connection, transaction, partnershipId, cancellationToken)).Select(p => p.UserId).ToHashSet();
        if (!errors.ContainsKey("AttendeeIds") && !input.AttendeeIds.All(people.Contains))
        {
            errors["AttendeeIds"] = "Choose attendees from the partnership's people.";
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return startsAt;
    }

    private static Task<int> SetAttendeesAsync(DbConnection connection, DbTransaction transaction, long partnershipId, long reviewId, IEnumerable<long> userIds, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO review_attendees (review_id, partnership_id, user_id) VALUES (@reviewId, @partnershipId, @UserId)",
            userIds.Distinct().Select(u => new { reviewId, partnershipId, UserId = u }), transaction, cancellationToken: cancellationToken));

    private static async Task<ReviewMinutes> MinutesAsync(DbConnection connection, DbTransaction transaction, Review review, DateTimeOffset now, string closedBy, CancellationToken cancellationToken)
    {
        var parameters = new { reviewId = review.Id };
        var attendees = await connection.QueryAsync<(string Name, string Company)>(new CommandDefinition(
            """
            SELECT u.display_name, o.name FROM review_attendees a JOIN users u ON u.id = a.user_id JOIN organisations o ON o.id = u.organisation_id
            WHERE a.review_id = @reviewId ORDER BY o.kind DESC, u.display_name
            """, parameters, transaction, cancellationToken: cancellationToken));
        var items = (await connection.QueryAsync<AgendaItem>(new CommandDefinition(
            $"{ReviewQueries.SelectAgendaItem} WHERE i.review_id = @reviewId ORDER BY i.position, i.id", parameters, transaction, cancellationToken: cancellationToken))).ToList();
        var companies = await connection.QuerySingleAsync<(string Supplier, string Customer)>(new CommandDefinition(
            """
            SELECT s.name, c.name FROM partnerships p JOIN organisations s ON s.id = p.supplier_org_id JOIN organisations c ON c.id = p.customer_org_id WHERE p.id = @PartnershipId
            """, new { review.PartnershipId }, transaction, cancellationToken: cancellationToken));
        var decisions = (await connection.QueryAsync<Decision>(new CommandDefinition(
            "SELECT id, agenda_item_id, text, decided_by_name, decided_by_customer, recorded_at FROM review_decisions WHERE review_id = @reviewId ORDER BY recorded_at, id",
            parameters, transaction, cancellationToken: cancellationToken))).ToLookup(d => d.AgendaItemId);
        var actions = (await connection.QueryAsync<ActionItem>(new CommandDefinition(
            $"{ReviewQueries.SelectActionItem} WHERE a.review_id = @reviewId ORDER BY a.id", parameters, transaction, cancellationToken: cancellationToken))).ToLookup(a => a.AgendaItemId);
        string Company(bool customer) => customer ? companies.Customer : companies.Supplier;
        return new ReviewMinutes(review.Title, review.StartsAt, review.TimeZone, review.Place, review.VideoLink, now, closedBy,
            attendees.Select(a => new MinutesAttendee(a.Name, a.Company)).ToList(),
            items.Select((item, index) => new MinutesItem(index + 1, item.Title, item.Detail, item.CarriedCount, item.SkippedReason, item.Notes,
                decisions[item.Id].Select(d => new MinutesDecision(d.Text, d.DecidedByName, Company(d.DecidedByCustomer))).ToList(),
                actions[item.Id].Select(a => new MinutesAction(a.Id, a.Title, a.OwnerName, Company(a.OwnerCustomer), a.DueOn, a.State.ToString(), a.Link)).ToList())).ToList());
    }

    private static void Refuse(string? why)
    {
        if (why is not null)
        {
            throw new ScopeException(why);
        }
    }
}
