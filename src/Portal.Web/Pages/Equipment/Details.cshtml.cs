using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Loans;
using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Equipment;

/// <summary>One register item: edit it, log maintenance, and see its log and its loans in the partnerships the caller works on, a page of each at a time.</summary>
public sealed class DetailsModel(CallerContext caller, EquipmentStore equipment, LoanStore loans, TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    /// <summary>The maintenance log's page.</summary>
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;
    /// <summary>The loan history's page, a key of its own so that paging one list leaves the other where it is.</summary>
    [BindProperty(SupportsGet = true)] public int LoansPage { get; set; } = 1;
    // Each form binds as its handler's argument, so that posting one form never validates the other.
    public EquipmentForm Input { get; set; } = new();
    public MaintenanceForm Maintenance { get; set; } = new();

    public EquipmentItem Item { get; private set; } = null!;
    public Page<MaintenanceEntry> Log { get; private set; } = new([], 1, EquipmentStore.MaintenancePageSize, 0);
    public Page<Loan> Loans { get; private set; } = new([], 1, LoanStore.EquipmentLoansPageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        if (!await LoadAsync(scope, cancellationToken))
        {
            return NotFound();
        }
        Input = EquipmentForm.From(Item);
        Maintenance.PerformedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    [Form(nameof(Input))]
    public async Task<IActionResult> OnPostSaveAsync([Bind(Prefix = nameof(Input))] EquipmentForm input, CancellationToken cancellationToken)
    {
        Input = input;
        var saved = await equipment.UpdateAsync(await caller.RequireAsync(cancellationToken), Id, Input.ToInput(), cancellationToken);
        return saved is null ? NotFound() : Done($"{saved.Name} saved.", Redirect($"/equipment/{Id}"));
    }

    [Form(nameof(Maintenance))]
    public async Task<IActionResult> OnPostMaintenanceAsync([Bind(Prefix = nameof(Maintenance))] MaintenanceForm maintenance, CancellationToken cancellationToken)
    {
        Maintenance = maintenance;
        return await equipment.AddMaintenanceAsync(await caller.RequireAsync(cancellationToken), Id, Maintenance.ToInput(), cancellationToken) is null
            ? NotFound()
            : Done("Maintenance logged.", Redirect($"/equipment/{Id}#maintenance"));
    }

    /// <summary>Each form binds as its handler's argument; the one not posted shows the item as it is.</summary>
    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(await caller.RequireAsync(cancellationToken), cancellationToken))
        {
            return NotFound();
        }
        if (Posted?.Handler == "Maintenance")
        {
            Maintenance = Posted.Arguments.TryGetValue("maintenance", out var posted) && posted is MaintenanceForm form ? form : Maintenance;
            Input = EquipmentForm.From(Item);
        }
        else if (Posted?.Arguments.TryGetValue("input", out var posted) == true && posted is EquipmentForm form)
        {
            Input = form;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(CallerScope scope, CancellationToken cancellationToken)
    {
        var item = await equipment.GetAsync(scope, Id, cancellationToken);
        if (item is null)
        {
            return false;
        }
        Item = item;
        Log = await equipment.GetMaintenancePageAsync(scope, Id, PageNumber, cancellationToken);
        Loans = await loans.GetPageForEquipmentAsync(scope, Id, LoansPage, cancellationToken);
        return true;
    }
}
