using Portal.Data.Attachments;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Erp;

namespace Portal.Web.Hosting;

/// <summary>The "Portal" configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Which parts this node runs: any of web, grpc, jobs (comma-separated). All three by default.</summary>
    public string Roles { get; set; } = "web,grpc,jobs";

    /// <summary>
    /// Whether the recurring jobs fire at their times of day (Portal:RecurringJobsOnSchedule, on by default). Off, they are
    /// still registered, and run when asked to, but the wall clock never starts one: the test hosts turn it off, because
    /// their clocks are fakes and a nightly job starting mid-run (the change-feed retention at 03:30 pruned a shared
    /// host's feed under the tests that read it from position 1) changes the data under a test.
    /// </summary>
    public bool RecurringJobsOnSchedule { get; set; } = true;

    /// <summary>Where the embedded database lives when no connection string is given; never inside the repository.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "PartnerPortal");

    /// <summary>
    /// The address people use to reach the portal (Portal:PublicUrl, e.g. https://portal.example.com). Links the portal
    /// hands out (invitations) are built from it, never from the request's Host header, and only its host (and the
    /// token issuer's) is served. Empty: http://localhost:5080, as `dotnet run` serves it, and loopback names only.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    public DatabaseOptions Database { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    public AttachmentOptions Attachments { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    /// <summary>
    /// Base64 of 32 random bytes. When set, the keys kept in the database's shared_keys (token signing key, data
    /// protection key ring) are encrypted with it (AES-256-GCM); every node needs the same value.
    /// </summary>
    public string KeyEncryptionKey { get; set; } = "";

    /// <summary>Sign-in and token request limits (Portal:RateLimits), counted by each node on its own.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    public ChangeFeedOptions ChangeFeed { get; set; } = new();

    /// <summary>Batch and stream chunk sizes of the ERP sync (Portal:Sync).</summary>
    public ErpSyncOptions Sync { get; set; } = new();

    public bool RunsWeb => HasRole("web");
    public bool RunsGrpc => HasRole("grpc");
    public bool RunsJobs => HasRole("jobs");

    private bool HasRole(string role) =>
        Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(role, StringComparer.OrdinalIgnoreCase);
}

public sealed class DemoOptions
{
    /// <summary>Seed the demo partnerships into an empty database on start.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>How many times the normal ERP history the demo customers get (see DemoHistory): 100 shows the portal at real volume.</summary>
    public int HistoryScale { get; set; } = 1;
}

public sealed class TokenOptions
{
    /// <summary>Set explicitly: tokens are issued on the web port and validated on the gRPC port.</summary>
    public string Issuer { get; set; } = "http://localhost:5080/";

    public string Audience { get; set; } = "portal-erp";

    public int AccessTokenLifetimeMinutes { get; set; } = 10;

    /// <summary>PEM of the RSA signing key shared by all nodes. When empty, one is generated once and kept in the database.</summary>
    public string SigningKeyPem { get; set; } = "";
}

/// <summary>
/// How many sign-in attempts (password or two-factor code) and token requests a window admits, per client address and
/// per account or ERP client. Each node counts on its own, so behind a load balancer of n nodes the effective limit
/// is up to n times these.
/// </summary>
public sealed class RateLimitOptions
{
    public int WindowSeconds { get; set; } = 60;

    public int SignInPerAddress { get; set; } = 30;

    public int SignInPerAccount { get; set; } = 10;

    public int TokenPerAddress { get; set; } = 60;

    /// <summary>A token lives 10 minutes, so a well-behaved ERP client asks a few times an hour; a guesser is slowed here.</summary>
    public int TokenPerClient { get; set; } = 10;
}
