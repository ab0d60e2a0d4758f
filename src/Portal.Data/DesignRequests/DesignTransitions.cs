using Portal.Data.Tenancy;

namespace Portal.Data.DesignRequests;

public enum DesignAction
{
    Advance,
    RecordVerdict,
    Withdraw,
}

/// <summary>The answer to "may this happen?": the stage it leads to, or why not.</summary>
public sealed record DesignTransition(DesignStage? To, string? Error, bool Forbidden = false)
{
    public bool Allowed => To is not null;

    public static DesignTransition LeadsTo(DesignStage stage) => new(stage, null);

    public static DesignTransition Refused(string error) => new(null, error);

    public static DesignTransition NotYours(string error) => new(null, error, Forbidden: true);
}

/// <summary>
/// The one place that decides which stage changes are legal. Supplier staff move a request forward and give the
/// feasibility verdict; the customer may withdraw an open request. A verdict of Not a fit closes the request as
/// Declined, with the recommended alternative: an honest answer, not a failure. Supplier finance and ERP clients read
/// requests but move none.
/// </summary>
public static class DesignTransitions
{
    private static readonly DesignStage[] Forward =
        [DesignStage.Submitted, DesignStage.Feasibility, DesignStage.Design, DesignStage.Prototype, DesignStage.Validation, DesignStage.Released];

    public static bool IsOpen(DesignStage stage) => stage is not (DesignStage.Released or DesignStage.Declined or DesignStage.Withdrawn);

    /// <summary>
    /// The side a caller moves requests for: true for the supplier (its staff but Finance, and the demo seed and jobs),
    /// false for the customer, null for those who move none.
    /// </summary>
    public static bool? SideOf(CallerScope scope) =>
        scope.Kind == ActorKind.System || scope.May(Permission.SupplierWork) ? true : scope.May(Permission.CustomerWork) ? false : null;

    /// <param name="side">The caller's side (<see cref="SideOf"/>): null for a caller who moves no request.</param>
    /// <param name="verdict">For <see cref="DesignAction.RecordVerdict"/> the verdict being given; for <see cref="DesignAction.Advance"/> the one on record.</param>
    public static DesignTransition Decide(DesignStage from, DesignAction action, bool? side, FitVerdict? verdict)
    {
        if (side is not { } bySupplier)
        {
            return DesignTransition.NotYours("Design requests are moved by the supplier's engineering and account staff and by the customer's people.");
        }
        if (!IsOpen(from))
        {
            return DesignTransition.Refused($"This request is {Label(from).ToLowerInvariant()}; it cannot change any more.");
        }
        return action switch
        {
            DesignAction.Advance when !bySupplier => DesignTransition.NotYours("Only the supplier's staff move a request to its next stage."),
            DesignAction.Advance when from == DesignStage.Feasibility && verdict is null =>
                DesignTransition.Refused("Record the feasibility verdict before moving on to Design."),
            DesignAction.Advance when from == DesignStage.Feasibility && verdict == FitVerdict.NotAFit =>
                DesignTransition.Refused("A request that is not a fit is declined, not designed."),
            DesignAction.Advance => DesignTransition.LeadsTo(Forward[Array.IndexOf(Forward, from) + 1]),
            DesignAction.RecordVerdict when !bySupplier => DesignTransition.NotYours("Only the supplier's staff give the feasibility verdict."),
            DesignAction.RecordVerdict when from != DesignStage.Feasibility =>
                DesignTransition.Refused($"A verdict is given during Feasibility; this request is in {Label(from)}."),
            DesignAction.RecordVerdict when verdict is null => DesignTransition.Refused("Choose a verdict."),
            DesignAction.RecordVerdict => DesignTransition.LeadsTo(verdict == FitVerdict.NotAFit ? DesignStage.Declined : DesignStage.Feasibility),
            DesignAction.Withdraw when bySupplier => DesignTransition.NotYours("Only the customer withdraws a request; record a verdict of Not a fit instead."),
            DesignAction.Withdraw => DesignTransition.LeadsTo(DesignStage.Withdrawn),
            _ => DesignTransition.Refused("Unknown action."),
        };
    }

    public static string Label(DesignStage stage) => stage.ToString();

    public static string Label(FitVerdict verdict) => verdict switch
    {
        FitVerdict.NotAFit => "Not a fit",
        _ => verdict.ToString(),
    };
}
