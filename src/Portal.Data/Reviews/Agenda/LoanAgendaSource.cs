using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Reviews.Agenda;

/// <summary>Loans whose return is due (or overdue), and loans in use that end within two weeks.</summary>
public sealed class LoanAgendaSource(PortalDatabase database) : IAgendaSource
{
    public const int EndingWindowDays = 14;

    public async Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Name, string Serial, string State, DateOnly EndsOn)>(new CommandDefinition(
            $"""
            SELECT l.id, e.name, e.serial, l.state, l.ends_on
            FROM equipment_loans l JOIN equipment e ON e.id = l.equipment_id
            WHERE l.partnership_id = @PartnershipId AND {database.Dialect.IsIn("l.partnership_id", "@Allowed")}
              AND (l.state = 'ReturnDue' OR (l.state = 'InUse' AND l.ends_on <= @Horizon))
            ORDER BY l.ends_on, l.id
            """, new { context.PartnershipId, Allowed = context.Scope.PartnershipIds, Horizon = context.Today.AddDays(EndingWindowDays) }, cancellationToken: cancellationToken));
        return rows.Select(l => new AgendaCandidate(AgendaSourceKind.Loan, "EquipmentLoan", l.Id,
            l.EndsOn < context.Today ? $"Loan overdue: {l.Name} ({l.Serial})" : $"Loan due for return: {l.Name} ({l.Serial})",
            $"Ends {l.EndsOn:yyyy-MM-dd}; {(l.State == "ReturnDue" ? "return due" : "in use")}.")).ToList();
    }
}
