using System.Text.RegularExpressions;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

/// <summary>A figure that the dashboard and the credit page both show has one name and one format on both.</summary>
public sealed partial class CreditFiguresTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_dashboard_and_the_credit_page_name_and_write_the_open_and_overdue_invoices_alike(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (_, dashboard, _) = await lead.GetAsync($"/p/{a.PartnershipId}");
        var (_, credit, _) = await lead.GetAsync($"/p/{a.PartnershipId}/credit");

        foreach (var (testId, name) in new[] { ("open-invoices-total", CreditFigures.OpenInvoices), ("overdue", CreditFigures.Overdue) })
        {
            var onDashboard = Figure(dashboard, testId);
            var onCredit = Figure(credit, testId);
            Assert.Contains(name, onDashboard.Context, StringComparison.Ordinal);
            Assert.Contains(name, onCredit.Context, StringComparison.Ordinal);
            Assert.Equal(onDashboard.Amount, onCredit.Amount);
            Assert.Matches(FullAmount(), onDashboard.Amount);
        }
        Assert.DoesNotContain("≈", dashboard + credit, StringComparison.Ordinal);
    }

    /// <summary>The amount in the element marked <paramref name="testId"/> and the text around it (its card's label and hint).</summary>
    private static (string Amount, string Context) Figure(string page, string testId)
    {
        var at = page.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"No {testId} on the page.");
        var context = page[Math.Max(0, at - 300)..Math.Min(page.Length, at + 300)];
        return (MoneySpan().Match(page, at).Groups[1].Value, context);
    }

    [GeneratedRegex("<span class=\"money\">([^<]+)</span>")]
    private static partial Regex MoneySpan();

    [GeneratedRegex(@"^(EUR|USD) -?\d{1,3}(,\d{3})*\.\d{2}$")]
    private static partial Regex FullAmount();
}
