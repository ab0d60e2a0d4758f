using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed class LoanPagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_request_form_shows_field_errors_and_requests_nothing(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var purpose = $"Invalid {Guid.NewGuid():N}";

        var (status, body, _) = await engineer.PostAsync($"/p/{a.PartnershipId}/loans/new", new()
        {
            ["Input.EquipmentId"] = "", ["Input.Purpose"] = "", ["Input.StartsOn"] = "2030-03-01", ["Input.EndsOn"] = "2030-02-01",
        });
        var (_, notOffered, _) = await engineer.PostAsync($"/p/{a.PartnershipId}/loans/new", new()
        {
            ["Input.EquipmentId"] = $"{await InHouseItemAsync(portal)}", ["Input.Purpose"] = purpose, ["Input.StartsOn"] = "2030-03-01", ["Input.EndsOn"] = "2030-02-01",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Choose the equipment.", body);
        Assert.Contains("Say what the equipment is needed for.", body);
        Assert.Contains("Choose equipment from the list of what can be lent.", notOffered);
        Assert.Contains("The end date must not be before the start date.", notOffered);
        Assert.Equal(0, await LoansWithPurposeAsync(portal, purpose));
    }

    [Theory, OnBothDatabases]
    public async Task Each_side_makes_only_its_own_moves_from_request_to_purchase(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        using var engineer = await WebSession.SignInAsync(portal, "erin.engineer@helix.example");
        var serial = $"TEST-{Guid.NewGuid():N}"[..20];
        var (added, _, itemLocation) = await engineer.PostAsync("/equipment/new", new()
        {
            ["Input.Name"] = "Test spectrometer", ["Input.Model"] = "T-1", ["Input.Serial"] = serial, ["Input.Value"] = "5000.00", ["Input.Currency"] = "EUR",
            ["Input.Condition"] = "New", ["Input.AvailableForLoan"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, added);
        var itemId = itemLocation!.Split('/')[^1];
        var (requested, _, loan) = await customer.PostAsync($"/p/{a.PartnershipId}/loans/new", new()
        {
            ["Input.EquipmentId"] = itemId, ["Input.Purpose"] = "Page test", ["Input.StartsOn"] = "2030-01-01", ["Input.EndsOn"] = "2030-06-01",
        });
        Assert.Equal(HttpStatusCode.Redirect, requested);

        Assert.Contains("Approved is for the supplier&#x27;s account lead.", (await customer.PostAsync($"{loan}?handler=Transition&to=Approved", [])).Body);
        Assert.Contains("Approved is for the supplier&#x27;s account lead.", (await engineer.PostAsync($"{loan}?handler=Transition&to=Approved", [])).Body);
        Assert.True(Refused(await engineer.PostAsync($"/p/{a.PartnershipId}/loans/new", new()
        {
            ["Input.EquipmentId"] = itemId, ["Input.Purpose"] = "Engineer's own", ["Input.StartsOn"] = "2030-01-01", ["Input.EndsOn"] = "2030-06-01",
        })));
        var (_, customerView, _) = await customer.GetAsync(loan!);
        Assert.Contains("data-testid=\"move-Cancelled\"", customerView);
        Assert.DoesNotContain("data-testid=\"move-Approved\"", customerView);

        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{loan}?handler=Transition&to=Approved", new() { ["Step.MonthlyFee"] = "100", ["Step.Deposit"] = "0" })).Status);
        var (_, noCondition, _) = await lead.PostAsync($"{loan}?handler=Transition&to=Shipped", new() { ["Step.Note"] = "x" });
        Assert.Contains("Record the equipment&#x27;s condition.", noCondition);
        var (_, illegal, _) = await lead.PostAsync($"{loan}?handler=Transition&to=Returned", new() { ["Step.Condition"] = "Good" });
        Assert.Contains("A loan that is Approved cannot become Returned.", illegal);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{loan}?handler=Transition&to=Shipped", new() { ["Step.Condition"] = "Good" })).Status);
        Assert.Contains("In use is for the customer.", (await lead.PostAsync($"{loan}?handler=Transition&to=InUse", [])).Body);
        Assert.Equal(HttpStatusCode.Redirect, (await customer.PostAsync($"{loan}?handler=Transition&to=InUse", [])).Status);
        var (_, inUse, _) = await customer.GetAsync(loan!);
        Assert.Contains("data-testid=\"conversion-offer\"", inUse);
        Assert.Contains("EUR 5,000.00", inUse);
        Assert.DoesNotContain("data-testid=\"move-ConvertedToPurchase\"", inUse);

        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{loan}?handler=Transition&to=ConvertedToPurchase", [])).Status);

        var (_, converted, _) = await customer.GetAsync(loan!);
        Assert.Contains("data-testid=\"final-price\"", converted);
        Assert.Contains("Converted to purchase", converted);
        var (_, register, _) = await engineer.GetAsync($"/equipment?search={serial}");
        Assert.Contains("Retired", register);
    }

    [Theory, OnBothDatabases]
    public async Task Only_supplier_staff_open_the_register(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        using var finance = await WebSession.SignInAsync(portal, "fay.finance@helix.example");

        Assert.True(Refused(await customer.GetAsync("/equipment")));
        Assert.True(Refused(await customer.GetAsync($"/equipment/{a.LoanEquipmentId}")));
        var (status, register, _) = await finance.GetAsync("/equipment");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"equipment-table\"", register);
        Assert.True(Refused(await customer.PostAsync($"/p/{a.PartnershipId}/loans?handler=RentCredit", new() { ["RentCreditPercent"] = "100" })));
        var (_, board, _) = await customer.GetAsync($"/p/{a.PartnershipId}/loans");
        Assert.DoesNotContain("/equipment\"", board);
        Assert.Contains("data-testid=\"loan-board\"", board);
    }

    [Theory, OnBothDatabases]
    public async Task The_register_refuses_a_taken_serial_and_logs_maintenance(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "erin.engineer@helix.example");
        var serial = await SerialOfAsync(portal, a.LoanEquipmentId);

        var (_, taken, _) = await engineer.PostAsync("/equipment/new", new()
        {
            ["Input.Name"] = "Copy", ["Input.Model"] = "X", ["Input.Serial"] = serial, ["Input.Value"] = "1", ["Input.Currency"] = "EUR", ["Input.Condition"] = "Good",
        });
        var (_, future, _) = await engineer.PostAsync($"/equipment/{a.LoanEquipmentId}?handler=Maintenance", new()
        {
            ["Maintenance.PerformedOn"] = "2099-01-01", ["Maintenance.Work"] = "Planned service", ["Maintenance.PerformedBy"] = "Erin",
        });

        Assert.Contains("Another item of the register already has this serial number.", taken);
        Assert.Contains("Log work that has been done, not planned work.", future);
    }

    [Theory, OnBothDatabases]
    public async Task The_demo_lends_to_each_customer_in_every_state_with_one_overdue_and_one_converted(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        // Other tests add loans of their own; the demo's were all requested by the seeded customer engineers or leads before them.
        var states = (await connection.QueryAsync<(long PartnershipId, string State)>(
            "SELECT DISTINCT partnership_id, state FROM equipment_loans WHERE purpose NOT IN ('Page test', 'Job test')")).ToList();
        var overdue = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM equipment_loans l JOIN equipment_loan_overdue_alerts a ON a.loan_id = l.id WHERE l.state = 'ReturnDue' AND l.purpose = 'Calibrating the pilot line''s pressure sensors.'");

        foreach (var partnership in states.GroupBy(s => s.PartnershipId))
        {
            Assert.Equal(Enum.GetNames<Portal.Data.Loans.LoanState>().Order(), partnership.Select(s => s.State).Order());
        }
        Assert.Equal(2, states.Select(s => s.PartnershipId).Distinct().Count());
        Assert.Equal(1, overdue);
    }

    [Theory, OnBothDatabases]
    public async Task Closed_loans_render_a_page_at_a_time(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        await using (var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken))
        {
            // A history longer than a page: thirty copies of the demo's cancelled loan.
            await connection.ExecuteAsync(
                """
                WITH RECURSIVE copies(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copies WHERE n < 30)
                INSERT INTO equipment_loans (partnership_id, equipment_id, purpose, starts_on, ends_on, monthly_fee_minor, deposit_minor, currency, terms,
                    state, requested_by_name, requested_by_customer, requested_at, closed_at)
                SELECT l.partnership_id, l.equipment_id, 'Page test', l.starts_on, l.ends_on, l.monthly_fee_minor, l.deposit_minor, l.currency, l.terms,
                    'Cancelled', l.requested_by_name, l.requested_by_customer, l.requested_at, l.closed_at
                FROM equipment_loans l CROSS JOIN copies
                WHERE l.partnership_id = @PartnershipId AND l.state = 'Cancelled' AND l.purpose <> 'Page test'
                """, new { a.PartnershipId });
        }
        using var customer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");

        var (status, body, _) = await customer.GetAsync($"/p/{a.PartnershipId}/loans");
        var (_, later, _) = await customer.GetAsync($"/p/{a.PartnershipId}/loans?pageNumber=2");

        Assert.Equal(HttpStatusCode.OK, status);
        var closed = body[body.IndexOf("data-testid=\"closed-loans\"", StringComparison.Ordinal)..];
        Assert.Equal(Portal.Data.Loans.LoanStore.ClosedPageSize, CountOf(closed[..closed.IndexOf("</details>", StringComparison.Ordinal)], "<tr>") - 1);
        Assert.Contains("pageNumber=2", closed);
        Assert.Contains("data-testid=\"closed-loans\" open", later);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static bool Refused((HttpStatusCode Status, string Body, string? Location) answer) =>
        answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        || (answer.Status == HttpStatusCode.Redirect && answer.Location?.Contains("/account/access-denied", StringComparison.Ordinal) == true);

    private static async Task<long> InHouseItemAsync(PortalFactory portal)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM equipment WHERE available_for_loan = FALSE AND retired = FALSE");
    }

    private static async Task<string> SerialOfAsync(PortalFactory portal, long equipmentId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<string>("SELECT serial FROM equipment WHERE id = @equipmentId", new { equipmentId }) ?? "";
    }

    private static async Task<long> LoansWithPurposeAsync(PortalFactory portal, string purpose)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM equipment_loans WHERE purpose = @purpose", new { purpose });
    }
}
