using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Equipment;

/// <summary>One register item: edit it, log maintenance, and see its log and its loans in the partnerships the caller works on, a page of each at a time.</summary>
public sealed class DetailsModel(CallerContext caller, EquipmentStore equipment, LoanStore loans, TimeProvider clock) : PageModel
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

    public async Task<IActionResult> OnPostSaveAsync([Bind(Prefix = nameof(Input))] EquipmentForm input, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Input = input;
        if (ModelState.IsValid)
        {
            try
            {
                var saved = await equipment.UpdateAsync(scope, Id, Input.ToInput(), cancellationToken);
                if (saved is null)
                {
                    return NotFound();
                }
                TempData["Status"] = $"{saved.Name} saved.";
                return Redirect($"/equipment/{Id}");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Input));
            }
        }
        return await LoadAsync(scope, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostMaintenanceAsync([Bind(Prefix = nameof(Maintenance))] MaintenanceForm maintenance, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Maintenance = maintenance;
        if (ModelState.IsValid)
        {
            try
            {
                if (await equipment.AddMaintenanceAsync(scope, Id, Maintenance.ToInput(), cancellationToken) is null)
                {
                    return NotFound();
                }
                TempData["Status"] = "Maintenance logged.";
                return Redirect($"/equipment/{Id}#maintenance");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Maintenance));
            }
        }
        if (!await LoadAsync(scope, cancellationToken))
        {
            return NotFound();
        }
        Input = EquipmentForm.From(Item);
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
