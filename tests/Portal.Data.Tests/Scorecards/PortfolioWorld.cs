using Dapper;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

/// <summary>
/// The two-customer world with months stored straight into the snapshot table (no ERP history, no job): what the
/// portfolio and the alerts read, with grades and scores chosen by each test. "Today" is 2 March 2026, so February is
/// the latest closed month.
/// </summary>
public sealed record PortfolioWorld(TestDatabase Db, World World)
{
    public static readonly DateOnly Today = DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime);
    public static readonly DateOnly February = new(2026, 2, 1);
    public static readonly DateOnly January = new(2026, 1, 1);

    public long A => World.PartnershipAId;
    public long B => World.PartnershipBId;

    public static async Task<PortfolioWorld> SeedAsync(TestDatabase db) => new(db, await World.SeedAsync(db));

    /// <summary>A partnership of a new customer, seen by the admin only.</summary>
    public async Task<long> PartnershipAsync(string name, string customer)
    {
        var organisation = await Db.Organisations.CreateAsync(World.Bootstrap, customer, OrganisationKind.Customer, Ct);
        return (await Db.Partnerships.CreateAsync(World.Bootstrap, new PartnershipInput(name, organisation.Id, "EUR", null, null), Ct)).Id;
    }

    /// <summary>A stored month: each side's score (null: insufficient data) and its grade.</summary>
    public async Task<long> MonthAsync(long partnershipId, DateOnly month, decimal? supplier, HealthState supplierState, decimal? customer, HealthState customerState, int revision = 1)
    {
        await using var connection = await Db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state,
                                             customer_score_milli, customer_state, computed_at, computed_by_name)
            VALUES (@partnershipId, @month, @revision, 'test', 'EUR', @Supplier, @SupplierState, @Customer, @CustomerState, @Now, 'test')
            RETURNING id
            """,
            new
            {
                partnershipId, month, revision, Supplier = Milli(supplier), SupplierState = supplierState.ToString(), Customer = Milli(customer),
                CustomerState = customerState.ToString(), Now = Db.Clock.GetUtcNow(),
            }, cancellationToken: Ct));
    }

    /// <summary>An open alert on a stored month, as the job raises it.</summary>
    public async Task<long> AlertAsync(long partnershipId, long snapshotId, DateOnly month, ScorecardSide side)
    {
        await using var connection = await Db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO health_alerts (partnership_id, snapshot_id, month, side, from_state, to_state, from_score_milli, to_score_milli, raised_at, state)
            VALUES (@partnershipId, @snapshotId, @month, @Side, 'Green', 'Red', 95000, 40000, @Now, 'Open')
            RETURNING id
            """, new { partnershipId, snapshotId, month, Side = side.ToString(), Now = Db.Clock.GetUtcNow() }, cancellationToken: Ct));
    }

    private static long? Milli(decimal? score) => score is { } s ? (long)(s * 1000) : null;
}
