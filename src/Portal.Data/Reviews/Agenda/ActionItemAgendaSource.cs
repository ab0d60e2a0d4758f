using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Reviews.Agenda;

/// <summary>Open action items from earlier reviews, carried into this one: each carries the count it will have once carried again.</summary>
public sealed class ActionItemAgendaSource(PortalDatabase database) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, long ReviewId, string Title, string Owner, DateOnly DueOn, int CarriedCount)>(new CommandDefinition(
            $"""
            SELECT a.id, a.review_id, a.title, u.display_name, a.due_on, a.carried_count
            FROM review_action_items a JOIN users u ON u.id = a.owner_user_id
            WHERE a.partnership_id = @PartnershipId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")} AND a.state = 'Open' AND a.review_id <> @ReviewId
            ORDER BY a.due_on, a.id
            """, new { context.PartnershipId, Allowed = context.Scope.PartnershipIds, context.ReviewId }, cancellationToken: cancellationToken));
        return rows.Select(a => new AgendaCandidate(AgendaSourceKind.ActionItem, "ActionItem", a.Id, $"Open action: {a.Title}",
            $"{a.Owner}, due {a.DueOn:yyyy-MM-dd}{(a.DueOn < context.Today ? " (overdue)" : "")}.", a.CarriedCount + 1)).ToList();
    }
}
