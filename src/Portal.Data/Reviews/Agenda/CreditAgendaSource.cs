using Portal.Data.Credit;

namespace Portal.Data.Reviews.Agenda;

/// <summary>
/// Credit as the credit page computes it today: utilisation above 80 %, overdue invoices, approved extensions ending
/// within 30 days, and requests still waiting for Finance.
/// </summary>
public sealed class CreditAgendaSource(CreditStore credit) : IAgendaSource
{
    public const decimal UtilisationThreshold = 80m;
    public const int ExtensionWindowDays = 30;

    public async Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        if (await credit.GetStandingAsync(context.Scope, context.PartnershipId, cancellationToken) is not { } standing)
        {
            return [];
        }
        var (position, line) = (standing.Position, standing.Line);
        var items = new List<AgendaCandidate>();
        if (position.UtilisationPercent > UtilisationThreshold)
        {
            items.Add(new(AgendaSourceKind.Credit, "CreditLine", line.Id, $"Credit utilisation at {position.UtilisationPercent} %",
                $"{CreditFigures.Exposure} {Money.Format(position.ExposureMinor, position.Currency)} of a credit limit in force of {Money.Format(position.EffectiveLimitMinor, position.Currency)}."));
        }
        if (position.OverdueMinor > 0)
        {
            items.Add(new(AgendaSourceKind.Credit, "CreditLine", line.Id, $"Overdue invoices: {Money.Format(position.OverdueMinor, position.Currency)}",
                $"{position.OpenInvoiceCount} invoice(s) open."));
        }
        var today = context.Today;
        foreach (var a in standing.Arrangements)
        {
            if (a.Kind == CreditArrangementKind.TemporaryExtension && a.State == CreditArrangementState.Approved && a.EndsOn >= today && a.EndsOn.DayNumber - today.DayNumber <= ExtensionWindowDays)
            {
                items.Add(new(AgendaSourceKind.Credit, "CreditArrangement", a.Id, $"Credit extension ends on {a.EndsOn:yyyy-MM-dd}", CreditStore.Describe(a)));
            }
            else if (a.State == CreditArrangementState.Requested)
            {
                items.Add(new(AgendaSourceKind.Credit, "CreditArrangement", a.Id, $"Credit request waiting: {CreditStore.Describe(a)}", $"Requested by {a.RequestedByName}: {a.Reason}"));
            }
        }
        return items;
    }
}
