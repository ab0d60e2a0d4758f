namespace Portal.Data.DesignRequests;

/// <summary>How many working days each stage should take in one partnership: the defaults, overridden per partnership.</summary>
public sealed class DesignStageTargets
{
    public static readonly IReadOnlyDictionary<DesignStage, int> Defaults = new Dictionary<DesignStage, int>
    {
        [DesignStage.Feasibility] = 10,
        [DesignStage.Design] = 20,
        [DesignStage.Prototype] = 30,
        [DesignStage.Validation] = 20,
    };

    private readonly Dictionary<DesignStage, int> _days;

    public DesignStageTargets(IEnumerable<KeyValuePair<DesignStage, int>> overrides)
    {
        _days = new Dictionary<DesignStage, int>(Defaults);
        foreach (var (stage, days) in overrides)
        {
            _days[stage] = days;
        }
    }

    public static bool HasTarget(DesignStage stage) => Defaults.ContainsKey(stage);

    /// <summary>Null for stages without a target (Submitted waits for triage; closed stages are over).</summary>
    public int? DaysFor(DesignStage stage) => _days.TryGetValue(stage, out var days) ? days : null;

    public DateOnly? PlannedEnd(DesignStage stage, DateOnly startedOn) =>
        DaysFor(stage) is { } days ? WorkingDays.Add(startedOn, days) : null;
}
