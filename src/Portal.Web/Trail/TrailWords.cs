using System.Text.Json;
using Portal.Data;
using Portal.Data.Attachments;
using Portal.Data.Credit;
using Portal.Data.DesignRequests;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Quality;
using Portal.Data.Reviews;
using Portal.Data.Scorecards;
using Portal.Data.Users;

namespace Portal.Web.Trail;

/// <summary>
/// The words of the trail: what each entity is called, what each action says, and how a record is named in a sentence
/// ("the credit extension of EUR 25,000.00 (10 Dec 2026 – 31 Jan 2027)"). The filters use the same words.
/// </summary>
public static class TrailWords
{
    /// <summary>"Quality issue", "ERP connection": the entity as the filter and each entry show it.</summary>
    public static string Noun(string entity) => entity switch
    {
        "CreditLine" => "Credit line",
        "CreditArrangement" => "Credit arrangement",
        "EquipmentLoan" => "Equipment loan",
        "ContainmentTarget" => "Containment target",
        "DesignStageTarget" => "Stage target time",
        "LoanRentCredit" => "Rent credit on conversion",
        "PartnershipMember" => "Partnership team",
        "User" => "Person",
        "ErpClient" => "ERP connection",
        "ErpHistory" => "ERP history",
        "ErpSync" => "ERP sync",
        "Attachment" => "File",
        "ScorecardSnapshot" => "Scorecard",
        _ => TrailValues.Words(entity),
    };

    /// <summary>"Approved", "D3 due moved", "Return due": the action as the filter and each entry's badge show it.</summary>
    public static string ActionLabel(string action) => Enum.TryParse<LoanState>(action, out var state) && Enum.IsDefined(state)
        ? LoanRules.Label(state)
        : TrailValues.Words(action);

    /// <summary>What the actor did, after their name: "approved the credit extension of …".</summary>
    public static string Sentence(string entity, string action, object? state)
    {
        // A credit arrangement is named by what it is: "the credit extension of …", "the credit deferral of …".
        var noun = state is CreditArrangement arrangement
            ? arrangement.Kind == CreditArrangementKind.TemporaryExtension ? "credit extension" : "credit deferral"
            : state is AgendaItem ? "agenda item"
            : Noun(entity).ToLowerInvariant().Replace("erp", "ERP", StringComparison.Ordinal);
        var record = $"the {noun}{Described(state)}";
        if (QualityIssueStep(action) is { } step)
        {
            return step;
        }
        return (entity, action) switch
        {
            ("EquipmentLoan", nameof(LoanState.Requested)) => $"requested {record}",
            ("EquipmentLoan", _) => $"moved {record} to {ActionLabel(action)}",
            ("PartnershipMember", "Assigned") => "put someone on the partnership team",
            ("PartnershipMember", _) => "took someone off the partnership team",
            ("ErpSync", _) => $"synced {Described(state).TrimStart()} ({ActionLabel(action).ToLowerInvariant()})",
            (_, "Advance") => $"advanced {record}",
            (_, "RecordVerdict") => $"recorded the feasibility verdict on {record}",
            (_, "Withdraw" or "Withdrawn") => $"withdrew {record}",
            (_, "Commented") => $"commented on {record}",
            (_, "InternalNoteAdded") => $"added an internal note to {record}",
            (_, "SeverityChanged") => $"changed the severity of {record}",
            (_, "VerificationAccepted") => $"accepted the verification of {record}",
            (_, "VerificationRejected") => $"rejected the verification of {record}",
            (_, "SecretRotated") => $"rotated the secret of {record}",
            (_, "RoleChanged") => $"changed the role of {record}",
            (_, "MaintenanceLogged") => $"logged maintenance{Described(state)}",
            ("Attachment", _) => $"added {record}",
            ("ActionItem", nameof(ActionItemChange.ActionItemAdded)) => $"agreed {record}",
            ("ActionItem", nameof(ActionItemChange.ActionItemDone)) => $"completed {record}",
            ("ActionItem", nameof(ActionItemChange.ActionItemDropped)) => $"dropped {record}",
            ("Review", nameof(ReviewChange.AgendaItemAdded)) => $"added {record}",
            ("Review", nameof(ReviewChange.AgendaItemMovedUp)) => $"moved {record} up",
            ("Review", nameof(ReviewChange.AgendaItemMovedDown)) => $"moved {record} down",
            ("Review", nameof(ReviewChange.AgendaItemSkipped)) => $"skipped {record}",
            ("Review", nameof(ReviewChange.AgendaItemRestored)) => $"put {record} back on the agenda",
            ("Review", nameof(ReviewChange.NotesSaved)) => $"saved the notes on {record}",
            ("Review", nameof(ReviewChange.DecisionRecorded)) => $"recorded a decision on {record}",
            ("Review", nameof(ReviewChange.AddendumAdded)) => $"added an addendum to the minutes of {record}",
            ("Review", nameof(ReviewChange.Acknowledged)) => $"acknowledged the minutes of {record}",
            ("HealthAlert", nameof(HealthAlertChange.Closed)) => $"closed {record}",
            ("HealthAlert", _) => $"raised {record}",
            _ => $"{TrailValues.Words(action).ToLowerInvariant()} {record}",
        };

        string? QualityIssueStep(string name)
        {
            if (entity != "QualityIssue" || !Enum.TryParse<QualityIssueChange>(name, out var change) || QualityIssueChanges.StepOf(change) is not { } s)
            {
                return null;
            }
            var what = TrailValues.Name(s);
            return change.ToString().EndsWith("Completed", StringComparison.Ordinal) ? $"completed {what} of {record}"
                : change.ToString().EndsWith("DueMoved", StringComparison.Ordinal) ? $"moved the due date of {what} of {record}"
                : $"updated {what} of {record}";
        }
    }

    /// <summary>How a record is named after its noun: its title, name or amount, with a leading space; empty when the state says nothing.</summary>
    private static string Described(object? state) => state switch
    {
        QualityIssue { Number: not null } i => $" {i.Reference} “{i.Title}”",
        QualityIssue i => $" “{i.Title}”",
        DesignRequest { Number: not null } r => $" {r.Reference} “{r.Title}”",
        DesignRequest r => $" “{r.Title}”",
        CreditLine l => $" of {Money.Format(l.LimitMinor, l.Currency)}",
        CreditArrangement { Kind: CreditArrangementKind.TemporaryExtension } a =>
            $" of {Money.Format(a.ExtensionMinor ?? 0, a.Currency)} ({TrailValues.Date(a.StartsOn)} – {TrailValues.Date(a.EndsOn)})",
        CreditArrangement a =>
            $" of {a.InvoiceIds.Count} invoice(s) {(a.DeferredTo is { } to ? $"to {TrailValues.Date(to)}" : $"by {a.DeferralDays} days")} ({TrailValues.Date(a.StartsOn)} – {TrailValues.Date(a.EndsOn)})",
        Loan { Number: not null } l => $" {l.Reference} of {l.EquipmentName} ({l.EquipmentSerial})",
        Loan l => $" of {l.EquipmentName} ({l.EquipmentSerial})",
        PenaltyCredit c => $" of {Money.Format(c.AmountMinor, c.Currency)} for {TrailValues.Date(c.PeriodStart)} – {TrailValues.Date(c.PeriodEnd)}",
        Guarantee g => $" on {TrailValues.Name(g.Metric).ToLowerInvariant()}",
        ContainmentTargetState t => $" for {TrailValues.Name(t.Severity).ToLowerInvariant()} issues: {t.Hours} h, D1–D3 owned by {t.DefaultOwnerName ?? "the quality engineer"}",
        DesignStageTargetState t => $" of {TrailValues.Name(t.Stage)}: {t.WorkingDays} working days",
        LoanRentCreditState r => $": {r.Percent} %",
        EquipmentItem e => $" “{e.Name}” ({e.Serial})",
        MaintenanceEntry m => $" on {TrailValues.Date(m.PerformedOn)}: {m.Work}",
        Attachment a => $" “{a.FileName}” to the {Noun(a.OwnerType).ToLowerInvariant()}",
        Review r => $" “{r.Title}”",
        AgendaItem i => $" “{i.Title}”",
        ActionItem a => $" “{a.Title}” ({a.OwnerName}, due {TrailValues.Date(a.DueOn)})",
        ScorecardSnapshot s => $" of {s.Month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)} (revision {s.Revision})",
        HealthAlert a => $" of {a.Month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}: the {a.Side.ToString().ToLowerInvariant()} side fell to {ScorecardCalculator.Label(a.ToState)}",
        ScorecardTargetsState t => t.Overrides.Count == 0 ? " back to the defaults" : $": {t.Overrides.Count} differ from the defaults",
        Organisation o => $" “{o.Name}”",
        Partnership p => $" “{p.Name}”",
        PartnershipMembership => "",
        UserTrailState u => $" {u.DisplayName} ({u.Email}, {TrailValues.Name(u.Role)})",
        ErpClientTrailState c => $" {c.DisplayName ?? c.ClientId}",
        ErpHistoryImport h => $": {h.Items} items, {h.PurchaseOrders} orders, {h.Deliveries} deliveries, {h.Invoices} invoices, {h.Payments} payments",
        ErpSyncSummary s => $"{s.Created} new, {s.Updated} changed, {s.Unchanged} unchanged and {s.Stale} stale records",
        JsonElement { ValueKind: JsonValueKind.Object } json when json.TryGetProperty("fileName", out var file) => $" “{file.GetString()}”",
        _ => "",
    };
}
