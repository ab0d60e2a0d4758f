using Portal.Data.Users;

namespace Portal.Web.Pages;

/// <summary>
/// The people table shared by the admin's People pages (a Manage link per person, via <see cref="EditUrlPrefix"/>)
/// and a customer lead's Team page (deactivate/reactivate buttons in the row).
/// </summary>
public sealed record PeopleTableModel(IReadOnlyList<PortalUser> People, long? SelfId, bool ShowOrganisation, string? EditUrlPrefix, string EmptyText = "Nobody here yet.");
