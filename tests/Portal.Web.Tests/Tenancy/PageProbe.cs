namespace Portal.Web.Tests.Tenancy;

/// <summary>What the portal must answer a probe from customer B's side.</summary>
public enum Expect
{
    /// <summary>Refused outright: 404 (another tenant's record, as if it did not exist) or denied by role.</summary>
    Refused,

    /// <summary>Served, but only the caller's own data: nothing of customer A in the answer.</summary>
    OwnDataOnly,
}

/// <summary>One request aimed at customer A's data. A null form means GET.</summary>
public sealed record PageProbe(string Path, Expect Expect, Dictionary<string, string>? Form = null);
