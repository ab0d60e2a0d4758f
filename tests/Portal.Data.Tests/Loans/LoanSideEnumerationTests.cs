using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Loans;

/// <summary>
/// Every loan move × everyone who can act on the partnership, each on a loan brought to the move's starting state:
/// the supplier's admins and account leads approve, ship, convert, write off and receive; the customer's people confirm
/// receipt and start the return; either may cancel before shipping. Other supplier staff, finance and ERP clients move
/// nothing. A refusal is a ScopeException and changes nothing. The table is written out, not read from LoanRules.
/// </summary>
public sealed class LoanSideEnumerationTests
{
    private static readonly string[] Managers = [Cast.Admin, Cast.AccountLead];
    private static readonly string[] CustomerPeople = [Cast.CustomerLead, Cast.CustomerEngineer];

    private static readonly (LoanState From, LoanState To, string[] Allowed)[] Moves =
    [
        (LoanState.Requested, LoanState.Approved, Managers),
        (LoanState.Requested, LoanState.Declined, Managers),
        (LoanState.Requested, LoanState.Cancelled, [.. Managers, .. CustomerPeople]),
        (LoanState.Approved, LoanState.Cancelled, [.. Managers, .. CustomerPeople]),
        (LoanState.Approved, LoanState.Shipped, Managers),
        (LoanState.Shipped, LoanState.InUse, CustomerPeople),
        (LoanState.Shipped, LoanState.WrittenOff, Managers),
        (LoanState.InUse, LoanState.ReturnDue, CustomerPeople),
        (LoanState.InUse, LoanState.ConvertedToPurchase, Managers),
        (LoanState.InUse, LoanState.WrittenOff, Managers),
        (LoanState.ReturnDue, LoanState.Returned, Managers),
        (LoanState.ReturnDue, LoanState.ConvertedToPurchase, Managers),
        (LoanState.ReturnDue, LoanState.WrittenOff, Managers),
    ];

    [Fact]
    public void The_table_covers_every_move_the_rules_know() =>
        Assert.Equal(LoanRules.Transitions.Keys.Order(), Moves.Select(m => (m.From, m.To)).Order());

    [Theory, OnBothDatabases]
    public async Task Every_loan_move_is_allowed_exactly_to_its_side(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var l = await LoanWorld.SeedAsync(db);
        var cast = await Cast.SeedAsync(db, l.World);
        var p = l.World.PartnershipAId;
        var (lead, customer) = (cast[Cast.AccountLead], cast[Cast.CustomerEngineer]);
        var path = new (LoanState To, bool ByCustomer, LoanStep Step)[]
        {
            (LoanState.Approved, false, new LoanStep(Terms: new LoanTermsUpdate(40_000, 100_000, "Insured by the customer."))),
            (LoanState.Shipped, false, new LoanStep(EquipmentCondition.Good, "Shipped with case")),
            (LoanState.InUse, true, new LoanStep()),
            (LoanState.ReturnDue, true, new LoanStep()),
        };
        var outcomes = new List<string>();
        var serial = 0;
        foreach (var (from, to, _) in Moves)
        {
            foreach (var who in Cast.Everyone)
            {
                // A fresh item each time: an item is on one active loan at most.
                var item = await db.Equipment.CreateAsync(cast[Cast.Admin], LoanWorld.Item("Spectrometer", "SPX-200", $"SPX-E{++serial}", 1_200_000, available: true), Ct);
                var loan = (await db.Loans.RequestAsync(customer, p, l.Trial(item.Id), Ct))!;
                foreach (var (state, byCustomer, step) in path.TakeWhile(s => s.To <= from))
                {
                    loan = (await db.Loans.TransitionAsync(byCustomer ? customer : lead, p, loan.Id, state, step, Ct))!;
                }
                try
                {
                    Assert.NotNull(await db.Loans.TransitionAsync(cast[who], p, loan.Id, to, new LoanStep(EquipmentCondition.Good, "Checked"), Ct));
                    outcomes.Add($"{from} → {to} by {who}: allowed");
                }
                catch (ScopeException)
                {
                    Assert.Equal(loan, await db.Loans.GetAsync(lead, loan.Id, Ct));
                    outcomes.Add($"{from} → {to} by {who}: refused");
                }
            }
        }

        Assert.Equal(Moves.SelectMany(m => Cast.Everyone.Select(who => $"{m.From} → {m.To} by {who}: {(m.Allowed.Contains(who) ? "allowed" : "refused")}")), outcomes);
    }
}
