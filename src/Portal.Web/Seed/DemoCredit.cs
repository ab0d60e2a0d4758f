using Portal.Data.Changes;
using Portal.Data.Audit;
using Portal.Data.ChangeFeed;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.Notifications;
using Portal.Data.Tenancy;

namespace Portal.Web.Seed;

/// <summary>
/// Credit for the demo customers. Nordlab runs close to its limit (about 90 % of the effective limit) with an approved
/// extension running now and a second request waiting for Finance; Arcadia sits at about 40 % and had a deferral
/// declined. The limits are worked out from the seeded ERP history, so the percentages hold whatever it contains.
/// </summary>
public sealed class DemoCredit(PortalDatabase database, ScopeStore scopes, ErpRecordStore erpRecords, DateTimeOffset now)
{
    private readonly SettableClock _clock = new() { Now = now };

    public async Task SeedAsync(long partnershipId, DemoData.DemoCustomer customer, IReadOnlyDictionary<string, long> userIds, CancellationToken cancellationToken)
    {
        var credit = new CreditStore(database, ChangeRecorder.On(database, _clock), _clock);
        var finance = await ScopeAsync("fay.finance@helix.example");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var exposure = (await erpRecords.GetSummaryAsync(finance, partnershipId, today, cancellationToken)).OpenInvoicesMinor;
        const long step = 1_000_00;

        if (customer == DemoData.Nordlab)
        {
            var extension = RoundUp(exposure * 15 / 100, step);
            var limit = RoundUp(exposure * 10 / 9 - extension, step);
            await AtAsync(-60, () => credit.SetLineAsync(finance, partnershipId, new CreditLineInput(limit, customer.Currency, 30, false), cancellationToken));
            var lead = await ScopeAsync("alice.lead@helix.example");
            var asked = await AtAsync(-21, () => credit.RequestAsync(lead, partnershipId, new NewCreditArrangement(CreditArrangementKind.TemporaryExtension,
                "Nordlab builds stock for the new analyser launch; orders run ahead of payments for about two months.", today.AddDays(-20), today.AddDays(40),
                customer.Currency, ExtensionMinor: extension), cancellationToken));
            await AtAsync(-20, () => credit.ApproveAsync(finance, partnershipId, asked!.Id, "Approved for the launch period; reviewed at the next joint review.", cancellationToken));
            var customerLead = await ScopeAsync("leo.lead@nordlab.example");
            await AtAsync(-2, () => credit.RequestAsync(customerLead, partnershipId, new NewCreditArrangement(CreditArrangementKind.TemporaryExtension,
                "A second hospital tender was won; we need room for its first call-offs.", today.AddDays(3), today.AddDays(60), customer.Currency,
                ExtensionMinor: RoundUp(exposure / 10, step)), cancellationToken));
        }
        else
        {
            await AtAsync(-90, () => credit.SetLineAsync(finance, partnershipId, new CreditLineInput(RoundUp(exposure * 5 / 2, step), customer.Currency, 45, false), cancellationToken));
            // An invoice already issued when the request was made, and not due yet (which is why Finance declines).
            var open = (await credit.GetOpenInvoicesAsync(finance, partnershipId, null, 1, cancellationToken: cancellationToken))!.Items
                .Where(i => i.IssuedOn <= today.AddDays(-12) && i.DueOn > today).ToList();
            if (open.Count > 0)
            {
                var engineer = await ScopeAsync("carl.engineer@arcadia.example");
                var asked = await AtAsync(-12, () => credit.RequestAsync(engineer, partnershipId, new NewCreditArrangement(CreditArrangementKind.HardshipDeferral,
                    "Our grant payment is late; please move this invoice by 45 days.", today.AddDays(-12), today.AddDays(45), customer.Currency,
                    DeferralDays: 45, InvoiceIds: [open[0].Id]), cancellationToken));
                await AtAsync(-10, () => credit.DeclineAsync(finance, partnershipId, asked!.Id,
                    "Utilisation is modest and the invoice is not yet due; ask again if the grant slips past the due date.", cancellationToken));
            }
        }

        async Task<CallerScope> ScopeAsync(string email) =>
            await scopes.ForUserAsync(userIds[email], cancellationToken) ?? throw new InvalidOperationException("A demo person is missing.");
    }

    private async Task<T> AtAsync<T>(int daysFromNow, Func<Task<T>> act)
    {
        _clock.Now = now.AddDays(daysFromNow);
        try
        {
            return await act();
        }
        finally
        {
            _clock.Now = now;
        }
    }

    private static long RoundUp(long minor, long step) => Math.Max(step, (minor + step - 1) / step * step);

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
