using Microsoft.AspNetCore.Mvc;
using Portal.Data.ChangeFeed;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.ErpConnections;

/// <summary>
/// The partnership's ERP connections: create one, rotate its secret with a grace period, revoke it. Only admins and
/// the account leads of either side get here; a new secret is rendered in the answer to the POST and nowhere else,
/// so that reloading or going back never shows it again.
/// </summary>
[Form("", "ClientId=", "Grace=")]
public sealed class IndexModel(ErpClientStore clients, FeedReadStore feedReads, TimeProvider clock) : PartnershipPageModel
{
    /// <summary>The grace periods offered when rotating, by form value.</summary>
    public static readonly IReadOnlyList<(string Value, string Label, TimeSpan Grace)> GraceChoices =
    [
        ("none", "None: refuse the old secret now", TimeSpan.Zero),
        ("1h", "1 hour", TimeSpan.FromHours(1)),
        ("1d", "1 day", TimeSpan.FromDays(1)),
        ("7d", "7 days", TimeSpan.FromDays(7)),
    ];

    [BindProperty] public NewConnectionForm Input { get; set; } = new();

    public IReadOnlyList<ErpClient> Connections { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public FeedLagModel FeedLag { get; private set; } = new(0, []);

    /// <summary>Set only in the answer to a create or rotate: the one time a secret is shown.</summary>
    public IssuedErpClient? Issued { get; private set; }

    public bool IssuedByRotation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Input = NewConnectionForm.Default();
        return await ShowAgainAsync(cancellationToken);
    }

    [Form(nameof(Input))]
    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var issued = await clients.CreateAsync(Scope, PartnershipId, Input.DisplayName ?? "", Input.Scopes, cancellationToken: cancellationToken);
        if (issued is null)
        {
            return NotFound();
        }
        Issued = issued;
        Input = NewConnectionForm.Default();
        ModelState.Clear();
        return await ShowAgainAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRotateAsync(string clientId, string? grace, CancellationToken cancellationToken)
    {
        Input = NewConnectionForm.Default();
        var choice = GraceChoices.FirstOrDefault(c => c.Value == grace);
        if (choice.Value is null)
        {
            ModelState.AddModelError("", "Choose how long the old secret keeps working.");
            return await ShowAgainAsync(cancellationToken);
        }
        var issued = await clients.RotateSecretAsync(Scope, PartnershipId, clientId, choice.Grace, cancellationToken);
        if (issued is null)
        {
            return NotFound();
        }
        Issued = issued;
        IssuedByRotation = true;
        return await ShowAgainAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string clientId, CancellationToken cancellationToken)
    {
        var revoked = await clients.RevokeAsync(Scope, PartnershipId, clientId, cancellationToken);
        return revoked is null
            ? NotFound()
            : Done($"{revoked.DisplayName} ({revoked.ClientId}) is revoked: its secrets and tokens are refused from now on.", Redirect($"/p/{PartnershipId}/erp-connections"));
    }

    /// <summary>Only those who manage connections see the page, also when it is shown again after a refused post.</summary>
    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        if (!Scope.May(Permission.ManageErpConnections))
        {
            return Forbid();
        }
        // A page that carries a secret must not be kept by the browser or a proxy.
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Connections = await clients.ListForPartnershipAsync(Scope, PartnershipId, cancellationToken);
        FeedLag = await FeedLagModel.LoadAsync(feedReads, Scope, PartnershipId, cancellationToken);
    }

    public sealed class NewConnectionForm
    {
        public string? DisplayName { get; set; }

        /// <summary>Empty when bound from a form with no box ticked; <see cref="Default"/> ticks them all.</summary>
        public List<string> Scopes { get; set; } = [];

        public static NewConnectionForm Default() => new() { Scopes = [.. ErpScopes.All] };
    }
}
