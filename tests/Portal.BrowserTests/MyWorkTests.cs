using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Credit;
using Portal.Data.Loans;
using Portal.Data.Tenancy;

namespace Portal.BrowserTests;

/// <summary>My work holds what waits for each role, and its link opens the record where the person acts.</summary>
[Collection(PortalServerCollection.Name)]
public sealed class MyWorkTests(PortalServer server)
{
    private const string Password = "My-work-journey-42";

    [Fact]
    public async Task Finance_sees_the_pending_extension_and_opens_it_where_it_is_decided()
    {
        var reason = $"Tender stock {Guid.NewGuid():N}"[..24];
        var nordlab = await NordlabPeople.PartnershipIdAsync(server);
        var startsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        await server.Services.GetRequiredService<CreditStore>().RequestAsync(await NordlabPeople.ScopeOfAsync(server, "leo.lead@nordlab.example"), nordlab,
            new NewCreditArrangement(CreditArrangementKind.TemporaryExtension, reason, startsOn, startsOn.AddDays(30), "EUR", ExtensionMinor: 2_000_000), TestContext.Current.CancellationToken);

        var finance = await server.NewPageAsync();
        await finance.SignInAsync(await NordlabPeople.FinanceAsync(server, Password), Password);
        await finance.GotoAsync("/my-work");
        var row = finance.Locator("[data-testid=work-table] tr", new() { HasText = reason });
        Assert.Contains("Approve or decline the credit extension", await row.InnerTextAsync());
        await row.Locator("a").ClickAsync();

        await finance.WaitForSelectorAsync("[data-testid=pending-decisions]");
        var pending = finance.Locator("[data-testid=pending-decisions] li", new() { HasText = reason });
        Assert.Contains("if approved", await pending.Locator("[data-testid=utilisation-change]").InnerTextAsync());
        Assert.True(await pending.Locator("[data-testid=approve]").IsVisibleAsync());
    }

    [Fact]
    public async Task The_account_lead_sees_the_loan_to_approve()
    {
        var nordlab = await NordlabPeople.PartnershipIdAsync(server);
        var supplier = new CallerScope { Kind = ActorKind.System, ActorName = "browser test", IsAdmin = true, IsSupplier = true, PartnershipIds = [nordlab] };
        var name = $"Loan probe {Guid.NewGuid():N}"[..20];
        var item = await server.Services.GetRequiredService<EquipmentStore>().CreateAsync(supplier,
            new EquipmentInput(name, "LP-1", $"LP-{Guid.NewGuid():N}"[..12], 150_000, "EUR", "Lab 2", EquipmentCondition.Good, "", AvailableForLoan: true, Retired: false), TestContext.Current.CancellationToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await server.Services.GetRequiredService<LoanStore>().RequestAsync(await NordlabPeople.ScopeOfAsync(server, "nina.engineer@nordlab.example"), nordlab,
            new NewLoan(item.Id, "Trial of a new assay", today.AddDays(2), today.AddDays(60)), TestContext.Current.CancellationToken);

        var lead = await server.NewPageAsync();
        await lead.SignInAsync("alice.lead@helix.example");
        await lead.GotoAsync("/my-work");
        var row = lead.Locator("[data-testid=work-table] tr", new() { HasText = name });
        Assert.Contains("Approve or decline the loan request", await row.InnerTextAsync());
        await row.Locator("a").ClickAsync();
        await lead.WaitForURLAsync("**/loans/*");
        Assert.Contains(name, await lead.InnerTextAsync("h1"));
    }

    [Fact]
    public async Task The_quality_engineer_sees_the_containment_of_a_new_critical_issue()
    {
        var title = $"Cracked cuvettes {Guid.NewGuid():N}"[..26];
        var customer = await server.NewPageAsync();
        await customer.SignInAsync("nina.engineer@nordlab.example");
        await customer.ClickAsync("nav >> text=Quality");
        await customer.ClickAsync("[data-testid=raise-issue]");
        await customer.FillAsync("#Input_Title", title);
        await customer.SelectOptionAsync("#Input_Severity", "Critical");
        await customer.FillAsync("#Input_Description", "Cracks at the fill line on 3 of 30 cuvettes.");
        await customer.SelectOptionAsync("#Input_ItemId", new Microsoft.Playwright.SelectOptionValue { Index = 1 });
        await customer.FillAsync("#Input_QuantityInspected", "30");
        await customer.FillAsync("#Input_QuantityAffected", "3");
        await customer.ClickAsync("[data-testid=raise-form] button[type=submit]");
        await customer.WaitForURLAsync("**/quality/*");

        var quality = await server.NewPageAsync();
        await quality.SignInAsync("quinn.quality@helix.example");
        await quality.GotoAsync("/my-work");
        var containment = quality.Locator("[data-testid=work-table] tr", new() { HasText = title }).Filter(new() { HasText = "D3" });
        Assert.Contains("Containment", await containment.InnerTextAsync());
        await containment.Locator("a").ClickAsync();
        await quality.WaitForURLAsync("**/quality/*");
        Assert.True(await quality.IsVisibleAsync("[data-testid=complete-D3]"));
    }
}
