namespace Portal.Bench;

/// <summary>The demo seed's people and ERP client the benchmarks act as (the portal prints them at start).</summary>
public static class Demo
{
    public const string ErpClientId = "nordlab-erp";
    public const string ErpSecret = "nordlab-demo-secret-7Q2x";

    /// <summary>Nordlab's supplier-side account lead: sees the partnership the ERP client syncs into.</summary>
    public const string LeadEmail = "alice.lead@helix.example";
    public const string Password = "Partner-demo-2026";
}
