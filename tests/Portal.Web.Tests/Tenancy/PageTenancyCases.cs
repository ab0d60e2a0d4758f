namespace Portal.Web.Tests.Tenancy;

/// <summary>
/// For every page handler, how customer B's side tries to reach customer A. A new page or handler has no entry
/// here until someone writes one, and <see cref="PageTenancyTests"/> fails until then.
/// </summary>
public static class PageTenancyCases
{
    public static IReadOnlyDictionary<string, Func<CustomerA, PageProbe>> All { get; } = new Dictionary<string, Func<CustomerA, PageProbe>>
    {
        ["GET /"] = _ => new("/", Expect.OwnDataOnly),
        ["GET /error"] = _ => new("/error?code=404", Expect.OwnDataOnly),
        ["POST /error"] = _ => new("/error?code=500", Expect.OwnDataOnly, []),

        ["GET /p/{partnershipId:long}"] = a => new($"/p/{a.PartnershipId}", Expect.Refused),
        ["GET /p/{partnershipId:long}/targets"] = a => new($"/p/{a.PartnershipId}/targets", Expect.Refused),
        ["POST /p/{partnershipId:long}/targets"] = a => new($"/p/{a.PartnershipId}/targets", Expect.Refused, new()
        {
            ["FeasibilityDays"] = "1", ["DesignDays"] = "1", ["PrototypeDays"] = "1", ["ValidationDays"] = "1", ["CriticalHours"] = "1", ["MajorHours"] = "1", ["MinorHours"] = "1",
        }),
        ["GET /p/{partnershipId:long}/trail"] = a => new($"/p/{a.PartnershipId}/trail?entity=Partnership", Expect.Refused),
        ["GET /p/{partnershipId:long}/trail Csv"] = a => new($"/p/{a.PartnershipId}/trail?handler=Csv&entity=Partnership", Expect.Refused),
        ["GET /p/{partnershipId:long}/attachments/{id:long}"] = a => new($"/p/{a.PartnershipId}/attachments/{a.AttachmentId}", Expect.Refused),

        ["GET /p/{partnershipId:long}/design-requests"] = a => new($"/p/{a.PartnershipId}/design-requests?stage=Feasibility", Expect.Refused),
        ["GET /p/{partnershipId:long}/design-requests Csv"] = a => new($"/p/{a.PartnershipId}/design-requests?handler=Csv&q=a", Expect.Refused),
        ["GET /p/{partnershipId:long}/design-requests/new"] = a => new($"/p/{a.PartnershipId}/design-requests/new", Expect.Refused),
        ["POST /p/{partnershipId:long}/design-requests/new"] = a => new($"/p/{a.PartnershipId}/design-requests/new", Expect.Refused, new()
        {
            ["Input.Title"] = "Planted request", ["Input.Application"] = "x", ["Input.OperatingConditions"] = "x", ["Input.AnnualVolume"] = "1",
        }),
        ["GET /p/{partnershipId:long}/design-requests/{id:long}"] = a => new($"/p/{a.PartnershipId}/design-requests/{a.DesignRequestId}", Expect.Refused),
        ["POST /p/{partnershipId:long}/design-requests/{id:long} Comment"] = a =>
            new($"/p/{a.PartnershipId}/design-requests/{a.DesignRequestId}?handler=Comment", Expect.Refused, new() { ["CommentBody"] = "Planted comment" }),
        ["POST /p/{partnershipId:long}/design-requests/{id:long} Advance"] = a =>
            new($"/p/{a.PartnershipId}/design-requests/{a.DesignRequestId}?handler=Advance", Expect.Refused, new() { ["OwnerUserId"] = $"{a.SupplierLeadId}" }),
        ["POST /p/{partnershipId:long}/design-requests/{id:long} Verdict"] = a =>
            new($"/p/{a.PartnershipId}/design-requests/{a.DesignRequestId}?handler=Verdict", Expect.Refused, new() { ["Verdict.Verdict"] = "Fit" }),
        ["POST /p/{partnershipId:long}/design-requests/{id:long} Withdraw"] = a =>
            new($"/p/{a.PartnershipId}/design-requests/{a.DesignRequestId}?handler=Withdraw", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/design-requests/{id:long} Attach"] = a =>
            new($"/p/{a.PartnershipId}/design-requests/{a.DesignRequestId}?handler=Attach", Expect.Refused, []),

        ["GET /p/{partnershipId:long}/quality"] = a => new($"/p/{a.PartnershipId}/quality?overdue=true", Expect.Refused),
        ["GET /p/{partnershipId:long}/quality Csv"] = a => new($"/p/{a.PartnershipId}/quality?handler=Csv&sort=Title", Expect.Refused),
        ["GET /p/{partnershipId:long}/quality/new"] = a => new($"/p/{a.PartnershipId}/quality/new", Expect.Refused),
        ["POST /p/{partnershipId:long}/quality/new"] = a => new($"/p/{a.PartnershipId}/quality/new", Expect.Refused, new()
        {
            ["Input.Title"] = "Planted issue", ["Input.Description"] = "Planted", ["Input.Severity"] = "Critical", ["Input.ItemId"] = "1",
            ["Input.QuantityAffected"] = "1", ["Input.QuantityInspected"] = "1",
        }),
        ["GET /p/{partnershipId:long}/quality/{issueId:long}"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}", Expect.Refused),
        ["POST /p/{partnershipId:long}/quality/{issueId:long} UpdateStep"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=UpdateStep&step=D3", Expect.Refused, new()
        {
            ["StepInput.OwnerUserId"] = "", ["StepInput.DueAt"] = "2030-01-01T00:00", ["StepInput.Details"] = "Changed by B",
        }),
        ["POST /p/{partnershipId:long}/quality/{issueId:long} CompleteStep"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=CompleteStep&step=D3", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/quality/{issueId:long} Accept"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=Accept", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/quality/{issueId:long} Reject"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=Reject", Expect.Refused, new() { ["Reason"] = "Rejected by B" }),
        ["POST /p/{partnershipId:long}/quality/{issueId:long} Severity"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=Severity", Expect.Refused,
            new() { ["NewSeverity"] = "Minor", ["SeverityReason"] = "Changed by B" }),
        ["POST /p/{partnershipId:long}/quality/{issueId:long} Close"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=Close", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/quality/{issueId:long} Attach"] = a => new($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=Attach", Expect.Refused, []),

        ["GET /p/{partnershipId:long}/guarantees"] = a => new($"/p/{a.PartnershipId}/guarantees", Expect.Refused),
        ["GET /p/{partnershipId:long}/guarantees Csv"] = a => new($"/p/{a.PartnershipId}/guarantees?handler=Csv", Expect.Refused),
        ["POST /p/{partnershipId:long}/guarantees Evaluate"] = a => new($"/p/{a.PartnershipId}/guarantees?handler=Evaluate", Expect.Refused, []),
        ["GET /p/{partnershipId:long}/guarantees/credits"] = a => new($"/p/{a.PartnershipId}/guarantees/credits", Expect.Refused),
        ["POST /p/{partnershipId:long}/guarantees/credits Void"] = a =>
            new($"/p/{a.PartnershipId}/guarantees/credits?handler=Void", Expect.Refused, new() { ["CreditId"] = $"{a.PenaltyCreditId}", ["Reason"] = "Voided by B" }),
        ["GET /p/{partnershipId:long}/guarantees/credits Csv"] = a => new($"/p/{a.PartnershipId}/guarantees/credits?handler=Csv", Expect.Refused),
        ["GET /p/{partnershipId:long}/guarantees/new"] = a => new($"/p/{a.PartnershipId}/guarantees/new", Expect.Refused),
        ["POST /p/{partnershipId:long}/guarantees/new"] = a => new($"/p/{a.PartnershipId}/guarantees/new", Expect.Refused, PlantedGuarantee()),
        ["GET /p/{partnershipId:long}/guarantees/{guaranteeId:long}/edit"] = a => new($"/p/{a.PartnershipId}/guarantees/{a.GuaranteeId}/edit", Expect.Refused),
        ["POST /p/{partnershipId:long}/guarantees/{guaranteeId:long}/edit"] = a => new($"/p/{a.PartnershipId}/guarantees/{a.GuaranteeId}/edit", Expect.Refused, PlantedGuarantee()),
        ["GET /p/{partnershipId:long}/loans"] = a => new($"/p/{a.PartnershipId}/loans", Expect.Refused),
        ["POST /p/{partnershipId:long}/loans RentCredit"] = a => new($"/p/{a.PartnershipId}/loans?handler=RentCredit", Expect.Refused, new() { ["RentCreditPercent"] = "100" }),
        ["GET /p/{partnershipId:long}/loans Csv"] = a => new($"/p/{a.PartnershipId}/loans?handler=Csv", Expect.Refused),
        ["GET /p/{partnershipId:long}/loans/new"] = a => new($"/p/{a.PartnershipId}/loans/new", Expect.Refused),
        ["POST /p/{partnershipId:long}/loans/new"] = a => new($"/p/{a.PartnershipId}/loans/new", Expect.Refused, new()
        {
            ["Input.EquipmentId"] = $"{a.LoanEquipmentId}", ["Input.Purpose"] = "Planted loan", ["Input.StartsOn"] = "2030-01-01", ["Input.EndsOn"] = "2030-02-01",
        }),
        ["GET /p/{partnershipId:long}/loans/{loanId:long}"] = a => new($"/p/{a.PartnershipId}/loans/{a.LoanId}", Expect.Refused),
        ["POST /p/{partnershipId:long}/loans/{loanId:long} Transition"] = a =>
            new($"/p/{a.PartnershipId}/loans/{a.LoanId}?handler=Transition&to=InUse", Expect.Refused, new() { ["Step.Note"] = "Moved by B" }),

        // The register is the supplier's: customers are refused by role, supplier staff of other partnerships see it but none of A's loans.
        // The writes post incomplete forms so that a supplier outsider changes nothing the other tests rely on.
        ["GET /equipment"] = _ => new("/equipment?search=CR10", Expect.OwnDataOnly),
        ["GET /equipment/new"] = _ => new("/equipment/new", Expect.OwnDataOnly),
        ["POST /equipment/new"] = _ => new("/equipment/new", Expect.OwnDataOnly, new() { ["Input.Name"] = "", ["Input.Serial"] = $"PLANTED-{Guid.NewGuid():N}" }),
        ["GET /equipment/{id:long}"] = a => new($"/equipment/{a.LoanEquipmentId}", Expect.OwnDataOnly),
        ["POST /equipment/{id:long} Save"] = a => new($"/equipment/{a.LoanEquipmentId}?handler=Save", Expect.OwnDataOnly, new() { ["Input.Name"] = "", ["Input.Notes"] = "Changed by B" }),
        ["POST /equipment/{id:long} Maintenance"] = a =>
            new($"/equipment/{a.LoanEquipmentId}?handler=Maintenance", Expect.OwnDataOnly, new() { ["Maintenance.PerformedOn"] = "2020-01-01", ["Maintenance.Work"] = "" }),
        ["GET /p/{partnershipId:long}/credit"] = a => new($"/p/{a.PartnershipId}/credit", Expect.Refused),
        ["GET /p/{partnershipId:long}/credit Csv"] = a => new($"/p/{a.PartnershipId}/credit?handler=Csv&Invoice=1", Expect.Refused),
        ["POST /p/{partnershipId:long}/credit Line"] = a => new($"/p/{a.PartnershipId}/credit?handler=Line", Expect.Refused, new()
        {
            ["Line.Limit"] = "1.00", ["Line.Currency"] = "EUR", ["Line.PaymentTermsDays"] = "1", ["Line.CountOpenOrders"] = "true",
        }),
        ["POST /p/{partnershipId:long}/credit Extension"] = a => new($"/p/{a.PartnershipId}/credit?handler=Extension", Expect.Refused, new()
        {
            ["Extension.Amount"] = "1000.00", ["Extension.Currency"] = "EUR", ["Extension.StartsOn"] = "2026-01-01", ["Extension.EndsOn"] = "2030-01-01", ["Extension.Reason"] = "Planted extension",
        }),
        ["POST /p/{partnershipId:long}/credit Deferral"] = a => new($"/p/{a.PartnershipId}/credit?handler=Deferral", Expect.Refused, new()
        {
            ["Deferral.InvoiceIds"] = $"{a.OpenInvoiceId}", ["Deferral.DeferralDays"] = "30", ["Deferral.Currency"] = "EUR",
            ["Deferral.StartsOn"] = "2026-01-01", ["Deferral.EndsOn"] = "2030-01-01", ["Deferral.Reason"] = "Planted deferral",
        }),
        ["POST /p/{partnershipId:long}/credit Approve"] = a =>
            new($"/p/{a.PartnershipId}/credit?handler=Approve&arrangementId={a.CreditArrangementId}", Expect.Refused, new() { ["DecisionNote"] = "Approved by B" }),
        ["POST /p/{partnershipId:long}/credit Decline"] = a =>
            new($"/p/{a.PartnershipId}/credit?handler=Decline&arrangementId={a.CreditArrangementId}", Expect.Refused, new() { ["DecisionNote"] = "Declined by B" }),
        ["POST /p/{partnershipId:long}/credit Withdraw"] = a =>
            new($"/p/{a.PartnershipId}/credit?handler=Withdraw&arrangementId={a.CreditArrangementId}", Expect.Refused, []),

        ["GET /p/{partnershipId:long}/erp-connections"] = a => new($"/p/{a.PartnershipId}/erp-connections", Expect.Refused),
        ["GET /p/{partnershipId:long}/erp-connections/{clientId}/health"] = a => new($"/p/{a.PartnershipId}/erp-connections/{a.ErpClientId}/health", Expect.Refused),
        ["POST /p/{partnershipId:long}/erp-connections Create"] = a => new($"/p/{a.PartnershipId}/erp-connections?handler=Create", Expect.Refused, new()
        {
            ["Input.DisplayName"] = "Planted connection", ["Input.Scopes"] = "erp.sync",
        }),
        ["POST /p/{partnershipId:long}/erp-connections Rotate"] = a =>
            new($"/p/{a.PartnershipId}/erp-connections?handler=Rotate&clientId={a.ErpClientId}", Expect.Refused, new() { ["grace"] = "none" }),
        ["POST /p/{partnershipId:long}/erp-connections Revoke"] = a => new($"/p/{a.PartnershipId}/erp-connections?handler=Revoke&clientId={a.ErpClientId}", Expect.Refused, []),

        ["GET /p/{partnershipId:long}/reviews"] = a => new($"/p/{a.PartnershipId}/reviews", Expect.Refused),
        ["GET /p/{partnershipId:long}/reviews/new"] = a => new($"/p/{a.PartnershipId}/reviews/new", Expect.Refused),
        ["POST /p/{partnershipId:long}/reviews/new"] = a => new($"/p/{a.PartnershipId}/reviews/new", Expect.Refused, new()
        {
            ["Input.Title"] = "Planted review", ["Input.LocalStart"] = "2030-01-01T10:00", ["Input.TimeZone"] = "Europe/Berlin", ["Input.DurationMinutes"] = "60",
            ["Input.AttendeeIds"] = $"{a.EngineerId}",
        }),
        ["GET /p/{partnershipId:long}/action-items/{actionItemId:long}"] = a => new($"/p/{a.PartnershipId}/action-items/{a.ActionItemId}", Expect.Refused),
        ["GET /p/{partnershipId:long}/reviews/{reviewId:long}"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}", Expect.Refused),
        ["GET /p/{partnershipId:long}/reviews/{reviewId:long} Calendar"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ScheduledReviewId}?handler=Calendar", Expect.Refused),
        ["GET /p/{partnershipId:long}/reviews/{reviewId:long} Pdf"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Pdf", Expect.Refused),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Open"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ScheduledReviewId}?handler=Open", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Reschedule"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ScheduledReviewId}?handler=Reschedule", Expect.Refused, new()
        {
            ["Reschedule.LocalStart"] = "2030-02-01T10:00", ["Reschedule.TimeZone"] = "Europe/Berlin", ["Reschedule.DurationMinutes"] = "60", ["Reschedule.Place"] = "Moved by B",
        }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Cancel"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ScheduledReviewId}?handler=Cancel", Expect.Refused, new() { ["reason"] = "Cancelled by B" }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Close"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ScheduledReviewId}?handler=Close", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Addendum"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Addendum", Expect.Refused, new() { ["addendum"] = "Planted addendum" }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Acknowledge"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Acknowledge", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} AddItem"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ScheduledReviewId}?handler=AddItem", Expect.Refused, new() { ["title"] = "Planted item" }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Move"] = a =>
            new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Move&itemId={a.AgendaItemId}&up=false", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Skip"] = a =>
            new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Skip&itemId={a.AgendaItemId}", Expect.Refused, new() { ["skipReason"] = "Skipped by B" }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Decision"] = a =>
            new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Decision&itemId={a.AgendaItemId}", Expect.Refused, new() { ["decision"] = "Planted decision" }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Notes"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Notes", Expect.Refused, new()
        {
            ["Notes.ItemId"] = $"{a.AgendaItemId}", ["Notes.Version"] = "1", ["Notes.Notes"] = "Rewritten by B",
        }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Action"] = a => new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Action", Expect.Refused, new()
        {
            ["Action.ItemId"] = $"{a.AgendaItemId}", ["Action.Title"] = "Planted action", ["Action.OwnerUserId"] = $"{a.EngineerId}", ["Action.DueOn"] = "2030-01-01",
        }),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Done"] = a =>
            new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Done&actionItemId={a.ActionItemId}", Expect.Refused, []),
        ["POST /p/{partnershipId:long}/reviews/{reviewId:long} Drop"] = a =>
            new($"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}?handler=Drop&actionItemId={a.ActionItemId}", Expect.Refused, new() { ["dropReason"] = "Dropped by B" }),
        ["GET /p/{partnershipId:long}/health"] = a => new($"/p/{a.PartnershipId}/health?month={LastMonth}", Expect.Refused),
        ["GET /p/{partnershipId:long}/health Csv"] = a => new($"/p/{a.PartnershipId}/health?handler=Csv", Expect.Refused),
        ["POST /p/{partnershipId:long}/health Recompute"] = a => new($"/p/{a.PartnershipId}/health?handler=Recompute&month={LastMonth}", Expect.Refused, new() { ["Reason"] = "Recomputed by B" }),
        ["POST /p/{partnershipId:long}/health CloseAlert"] = a =>
            new($"/p/{a.PartnershipId}/health?handler=CloseAlert&alertId={a.HealthAlertId}", Expect.Refused, new() { ["Note"] = "Closed by B" }),
        ["GET /p/{partnershipId:long}/health/{month:length(7)}/{metric:alpha}"] = a => new($"/p/{a.PartnershipId}/health/{LastMonth}/OnTimeInFull", Expect.Refused),
        ["GET /p/{partnershipId:long}/health/targets"] = a => new($"/p/{a.PartnershipId}/health/targets", Expect.Refused),
        ["POST /p/{partnershipId:long}/health/targets"] = a => new($"/p/{a.PartnershipId}/health/targets", Expect.Refused, new()
        {
            ["Inputs[OnTimeInFull].Target"] = "99", ["Inputs[OnTimeInFull].Floor"] = "1", ["Inputs[OnTimeInFull].Weight"] = "25",
        }),
        // Supplier account leads see their own partnerships only; customers never reach the portfolio.
        ["GET /portfolio"] = _ => new("/portfolio?alerts=true&sort=trend", Expect.OwnDataOnly),
        ["POST /portfolio RunNow"] = _ => new("/portfolio?handler=RunNow", Expect.Refused, []),

        ["GET /my-work"] = _ => new("/my-work", Expect.OwnDataOnly),
        ["GET /notifications"] = _ => new("/notifications", Expect.OwnDataOnly),
        ["POST /notifications Open"] = a => new($"/notifications?handler=Open&id={a.NotificationId}", Expect.Refused, []),
        ["POST /notifications ReadAll"] = _ => new("/notifications?handler=ReadAll", Expect.OwnDataOnly, []),

        ["GET /team"] = _ => new("/team", Expect.OwnDataOnly),
        ["POST /team Invite"] = a => new("/team?handler=Invite", Expect.OwnDataOnly, new()
        {
            ["Invite.OrganisationId"] = $"{a.OrganisationId}",
            ["Invite.DisplayName"] = "Planted Person",
            ["Invite.Email"] = $"planted-{Guid.NewGuid():N}@arcadia.example",
            ["Invite.Role"] = "CustomerLead",
        }),
        ["POST /team Deactivate"] = a => new($"/team?handler=Deactivate&userId={a.EngineerId}", Expect.Refused, []),
        ["POST /team Reactivate"] = a => new($"/team?handler=Reactivate&userId={a.EngineerId}", Expect.Refused, []),

        ["GET /admin/organisations"] = _ => new("/admin/organisations", Expect.Refused),
        ["POST /admin/organisations"] = _ => new("/admin/organisations", Expect.Refused, new() { ["Input.Name"] = $"Planted {Guid.NewGuid():N}" }),
        ["GET /admin/organisations/{id:long}"] = a => new($"/admin/organisations/{a.OrganisationId}", Expect.Refused),
        ["POST /admin/organisations/{id:long}"] = a => new($"/admin/organisations/{a.OrganisationId}", Expect.Refused, new() { ["Name"] = "Renamed by B" }),

        ["GET /admin/partnerships"] = _ => new("/admin/partnerships", Expect.Refused),
        ["GET /admin/trail"] = _ => new("/admin/trail", Expect.Refused),
        ["GET /admin/trail Csv"] = _ => new("/admin/trail?handler=Csv", Expect.Refused),
        ["GET /admin/partnerships/new"] = _ => new("/admin/partnerships/new", Expect.Refused),
        ["POST /admin/partnerships/new"] = a => new("/admin/partnerships/new", Expect.Refused, new() { ["Input.Name"] = "Planted", ["Input.CustomerOrgId"] = $"{a.OrganisationId}", ["Input.Currency"] = "EUR" }),
        ["GET /admin/partnerships/{id:long}"] = a => new($"/admin/partnerships/{a.PartnershipId}", Expect.Refused),
        ["POST /admin/partnerships/{id:long}"] = a => new($"/admin/partnerships/{a.PartnershipId}", Expect.Refused, new() { ["Input.Name"] = "Renamed by B", ["Input.Currency"] = "USD" }),
        ["POST /admin/partnerships/{id:long} Assign"] = a => new($"/admin/partnerships/{a.PartnershipId}?handler=Assign&userId={a.SupplierLeadId}", Expect.Refused, []),
        ["POST /admin/partnerships/{id:long} Unassign"] = a => new($"/admin/partnerships/{a.PartnershipId}?handler=Unassign&userId={a.SupplierLeadId}", Expect.Refused, []),

        ["GET /admin/users"] = a => new($"/admin/users?organisationId={a.OrganisationId}", Expect.Refused),
        ["POST /admin/users Invite"] = a => new("/admin/users?handler=Invite", Expect.Refused, new()
        {
            ["Invite.OrganisationId"] = $"{a.OrganisationId}", ["Invite.DisplayName"] = "Planted", ["Invite.Email"] = $"planted-{Guid.NewGuid():N}@x.example", ["Invite.Role"] = "CustomerLead",
        }),
        ["GET /admin/users/{id:long}"] = a => new($"/admin/users/{a.EngineerId}", Expect.Refused),
        ["POST /admin/users/{id:long} Role"] = a => new($"/admin/users/{a.EngineerId}?handler=Role", Expect.Refused, new() { ["Role"] = "CustomerLead" }),
        ["POST /admin/users/{id:long} Deactivate"] = a => new($"/admin/users/{a.EngineerId}?handler=Deactivate", Expect.Refused, []),
        ["POST /admin/users/{id:long} Reactivate"] = a => new($"/admin/users/{a.EngineerId}?handler=Reactivate", Expect.Refused, []),

        ["GET /account/login"] = _ => new("/account/login", Expect.OwnDataOnly),
        ["POST /account/login"] = _ => new("/account/login", Expect.OwnDataOnly, new() { ["Email"] = "nobody@nowhere.example", ["Password"] = "wrong-password" }),
        ["GET /account/login-2fa"] = _ => new("/account/login-2fa", Expect.OwnDataOnly),
        ["POST /account/login-2fa"] = _ => new("/account/login-2fa", Expect.OwnDataOnly, new() { ["Code"] = "000000" }),
        ["GET /account/lockout"] = _ => new("/account/lockout", Expect.OwnDataOnly),
        ["GET /account/access-denied"] = _ => new("/account/access-denied", Expect.OwnDataOnly),
        ["GET /account/two-factor"] = _ => new("/account/two-factor", Expect.OwnDataOnly),
        ["POST /account/two-factor Enable"] = _ => new("/account/two-factor?handler=Enable", Expect.OwnDataOnly, new() { ["Code"] = "000000" }),
        ["POST /account/two-factor Disable"] = _ => new("/account/two-factor?handler=Disable", Expect.OwnDataOnly, []),
        // An invitation link must not tell a stranger whose account an id belongs to.
        ["GET /account/accept-invite"] = a => new($"/account/accept-invite?userId={a.EngineerId}&token=forged", Expect.OwnDataOnly),
        ["POST /account/accept-invite"] = a => new($"/account/accept-invite?userId={a.EngineerId}&token=forged", Expect.OwnDataOnly, new() { ["Password"] = "Taken-over-123", ["ConfirmPassword"] = "Taken-over-123" }),
        // One's own settings: there is no id to aim at another person's, and customer A's data stays unchanged.
        ["GET /account/profile"] = _ => new("/account/profile", Expect.OwnDataOnly),
        ["POST /account/profile"] = _ => new("/account/profile", Expect.OwnDataOnly, new() { ["TimeZone"] = "Asia/Tokyo" }),
        ["GET /account/logout"] = _ => new("/account/logout", Expect.OwnDataOnly),
        ["POST /account/logout"] = _ => new("/account/logout", Expect.OwnDataOnly, []),
    };

    private static string LastMonth => DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    // A valid guarantee with a target no real one has, so that a planted or changed row shows in A's snapshot.
    private static Dictionary<string, string> PlantedGuarantee() => new()
    {
        ["Input.Metric"] = "OnTimeInFull", ["Input.Target"] = "1.234", ["Input.Period"] = "Month", ["Input.PenaltyKind"] = "FixedAmount",
        ["Input.PenaltyFixed"] = "1", ["Input.Cap"] = "1", ["Input.Currency"] = "EUR", ["Input.EffectiveFrom"] = "2020-01-01",
    };
}
