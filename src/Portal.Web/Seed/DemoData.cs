using Portal.Data.Users;

namespace Portal.Web.Seed;

/// <summary>The demo's cast. Passwords are public on purpose: the portal prints them at start.</summary>
public static class DemoData
{
    public const string Password = "Partner-demo-2026";
    public const string SupplierName = "Helix Scientific Instruments";

    public sealed record DemoCustomer(string Name, string Domain, string PartnershipName, string Currency, string ErpClientId, string ErpSecret, string[] Products, string TimeZone);

    /// <summary>A person of the cast; <paramref name="TimeZone"/> set shows a person reading times away from their company's zone.</summary>
    public sealed record DemoUser(string Email, string Name, PortalRole Role, string Organisation, string[] AssignedTo, string? TimeZone = null);

    /// <summary>The supplier's people read times in Berlin unless they chose otherwise.</summary>
    public const string SupplierTimeZone = "Europe/Berlin";

    public static readonly DemoCustomer Nordlab = new(
        "Nordlab Diagnostics", "nordlab.example", "Helix ⇄ Nordlab", "EUR", "nordlab-erp", "nordlab-demo-secret-7Q2x",
        ["Spectrophotometer cuvette holder", "Quartz flow cell 10 mm", "UV lamp module", "Detector board D4", "Sample tray 96", "Peltier stage", "Optical fibre 2 m", "Calibration standard kit"],
        "Europe/Stockholm");

    public static readonly DemoCustomer Arcadia = new(
        "Arcadia Biotech", "arcadia.example", "Helix ⇄ Arcadia", "USD", "arcadia-erp", "arcadia-demo-secret-9K4m",
        ["Microplate reader optics", "Pipetting head 8-ch", "Incubator sensor", "Centrifuge rotor R12", "Laser diode 405 nm", "Filter wheel F6", "Thermal cycler block", "Reagent cooler"],
        "America/New_York");

    public static readonly IReadOnlyList<DemoCustomer> Customers = [Nordlab, Arcadia];

    public static DemoUser SupplierEngineer => Users.Single(u => u.Role == PortalRole.Engineer);

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin@helix.example", "Hanna Admin", PortalRole.Admin, SupplierName, []),
        new("alice.lead@helix.example", "Alice Lindqvist", PortalRole.AccountLead, SupplierName, [Nordlab.Name]),
        new("bruno.lead@helix.example", "Bruno Marchetti", PortalRole.AccountLead, SupplierName, [Arcadia.Name]),
        new("erin.engineer@helix.example", "Erin Okafor", PortalRole.Engineer, SupplierName, [Nordlab.Name, Arcadia.Name]),
        new("quinn.quality@helix.example", "Quinn Harper", PortalRole.QualityEngineer, SupplierName, [Nordlab.Name, Arcadia.Name]),
        new("fay.finance@helix.example", "Fay Bergström", PortalRole.Finance, SupplierName, [Nordlab.Name, Arcadia.Name]),
        new("nina.engineer@nordlab.example", "Nina Holm", PortalRole.CustomerEngineer, Nordlab.Name, [], "Europe/Berlin"),
        new("leo.lead@nordlab.example", "Leo Nyström", PortalRole.CustomerLead, Nordlab.Name, []),
        new("carl.engineer@arcadia.example", "Carl Mendes", PortalRole.CustomerEngineer, Arcadia.Name, [], "Asia/Tokyo"),
        new("lara.lead@arcadia.example", "Lara Quinn", PortalRole.CustomerLead, Arcadia.Name, []),
    ];
}
