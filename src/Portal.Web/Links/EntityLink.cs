using Microsoft.AspNetCore.Mvc;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Web.Links;

/// <summary>
/// A page and its route values: rendered with <c>Url.Page</c> or followed with <c>RedirectToPage</c>, never as a
/// hand-built path. <paramref name="Opens"/> says who the page lets in when that is not everyone in the partnership,
/// so that a trail entry about an ERP connection or a person is a link only for those who may open it.
/// </summary>
public sealed record EntityLink(string Page, object RouteValues, Func<CallerScope, bool>? Opens = null)
{
    public bool OpensFor(CallerScope viewer) => Opens?.Invoke(viewer) ?? true;
}

/// <summary>
/// Where a record is shown, from the entity name the trail and notifications carry (a <c>ChangeKind.Entity</c>) and
/// its id. The one place that knows which page shows which record.
/// </summary>
public static class EntityLinks
{
    public static EntityLink? For(long? partnershipId, string entity, long? id) => (entity, partnershipId, id) switch
    {
        ("QualityIssue", { } p, { } i) => new("/Quality/Details", new { partnershipId = p, issueId = i }),
        ("DesignRequest", { } p, { } i) => new("/DesignRequests/Details", new { partnershipId = p, id = i }),
        ("EquipmentLoan", { } p, { } i) => new("/Loans/Details", new { partnershipId = p, loanId = i }),
        ("CreditLine" or "CreditArrangement", { } p, _) => new("/Credit/Index", new { partnershipId = p }),
        ("PenaltyCredit", { } p, _) => new("/Guarantees/Credits", new { partnershipId = p }),
        ("Guarantee", { } p, _) => new("/Guarantees/Index", new { partnershipId = p }),
        ("ContainmentTarget" or "DesignStageTarget", { } p, _) => new("/Targets/Index", new { partnershipId = p }),
        ("ErpClient" or "ErpSync" or "ErpHistory", { } p, _) => new("/ErpConnections/Index", new { partnershipId = p }, s => s.May(Permission.ManageErpConnections)),
        ("Partnership" or "PartnershipMember", { } p, _) => new("/Partnerships/Dashboard", new { partnershipId = p }),
        ("Review", { } p, { } i) => new("/Reviews/Details", new { partnershipId = p, reviewId = i }),
        ("ActionItem", { } p, { } i) => new("/Reviews/ActionItem", new { partnershipId = p, actionItemId = i }),
        ("ScorecardSnapshot" or "HealthAlert", { } p, _) => new("/Health/Index", new { partnershipId = p }),
        ("ScorecardTargets", { } p, _) => new("/Health/Targets", new { partnershipId = p }),
        ("Attachment", { } p, { } i) => new("/Attachments/Download", new { partnershipId = p, id = i }),
        ("Organisation", _, { } i) => new("/Admin/Organisations/Edit", new { id = i }, IsAdmin),
        ("User", _, { } i) => new("/Admin/Users/Edit", new { id = i }, IsAdmin),
        ("Equipment", _, { } i) => new("/Equipment/Details", new { id = i }, s => s.IsSupplier),
        _ => null,
    };

    /// <summary>The URL of the record's page, for an <c>href</c>; null when no page shows it or it would refuse the viewer.</summary>
    public static string? Entity(this IUrlHelper url, CallerScope viewer, long? partnershipId, string entity, long? id) =>
        For(partnershipId, entity, id) is { } link && link.OpensFor(viewer) ? url.Page(link.Page, link.RouteValues) : null;

    // The /Admin folder's policy: the supplier's admins.
    private static bool IsAdmin(CallerScope viewer) => viewer.Role == PortalRole.Admin;
}
