using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Equipment;

/// <summary>One register item: edit it, log maintenance, and see its loans in the partnerships the caller works on.</summary>
public sealed class DetailsModel(CallerContext caller, EquipmentStore equipment, LoanStore loans, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    // Each form binds as its handler's argument, so that posting one form never validates the other.
    public EquipmentForm Input { get; set; } = new();
    public MaintenanceForm Maintenance { get; set; } = new();

    public EquipmentItem Item { get; private set; } = null!;
    public IReadOnlyList<MaintenanceEntry> Log { get; private set; } = [];
    public IReadOnlyList<Loan> Loans { get; private set; } = [];

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
        Log = await equipment.ListMaintenanceAsync(scope, Id, cancellationToken);
        Loans = await loans.ListForEquipmentAsync(scope, Id, cancellationToken);
        return true;
    }
}
