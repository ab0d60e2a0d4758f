namespace Portal.Data.Quality;

/// <summary>
/// The 8D process as pure functions: due dates, which step may be completed, the close gate and what a
/// rejected verification reopens. Stores apply them inside their transactions; pages and tests call them directly.
/// </summary>
public static class QualityRules
{
    /// <summary>Steps after containment, as days from raising: the working rhythm most 8D customers ask for.</summary>
    private static readonly Dictionary<EightDStep, int> DaysAfterRaising = new Dictionary<EightDStep, int>
    {
        [EightDStep.D4] = 14,
        [EightDStep.D5] = 30,
        [EightDStep.D6] = 45,
        [EightDStep.D7] = 60,
        [EightDStep.D8] = 60,
    };

    public static TimeSpan DefaultContainmentWindow(Severity severity) => severity switch
    {
        Severity.Critical => TimeSpan.FromHours(24),
        Severity.Major => TimeSpan.FromHours(72),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>The partnership's agreed window when it has one for this severity, otherwise the default.</summary>
    public static TimeSpan ContainmentWindow(Severity severity, IReadOnlyDictionary<Severity, int> overrideHours) =>
        overrideHours.TryGetValue(severity, out var hours) ? TimeSpan.FromHours(hours) : DefaultContainmentWindow(severity);

    /// <summary>
    /// When each step is due. The team (D1) and the problem description (D2) are due with containment (D3):
    /// nobody contains a problem that nobody owns or has described.
    /// </summary>
    public static IReadOnlyDictionary<EightDStep, DateTimeOffset> DueDates(DateTimeOffset raisedAt, TimeSpan containmentWindow) =>
        EightDSteps.All.ToDictionary(step => step, step => DaysAfterRaising.TryGetValue(step, out var days)
            ? raisedAt.AddDays(Math.Max(days, containmentWindow.TotalDays))
            : raisedAt + containmentWindow);

    /// <summary>
    /// Null when the step may be completed now. D1–D3 may be done in any order (containment is urgent and waits for
    /// no paperwork); D4–D7 build on the step before; D8 is done only by closing the issue.
    /// </summary>
    public static string? WhyStepCannotBeCompleted(EightDStep step, QualityIssueState state, IReadOnlyList<QualityStep> steps)
    {
        if (state == QualityIssueState.Closed)
        {
            return "The issue is closed.";
        }
        if (step == EightDStep.D8)
        {
            return "D8 is completed by closing the issue.";
        }
        if (StepOf(steps, step).IsDone)
        {
            return $"{step} is already done.";
        }
        if (step >= EightDStep.D4 && !StepOf(steps, step - 1).IsDone)
        {
            return $"Complete {step - 1} ({(step - 1).Title()}) first.";
        }
        return null;
    }

    /// <summary>
    /// Whether a submitted due time moves the step's due time. Forms carry minutes, so a time within the same minute
    /// is the same due time (saving notes must not look like moving a frozen date).
    /// </summary>
    public static bool MovesDue(DateTimeOffset current, DateTimeOffset submitted) => Minute(current) != Minute(submitted);

    /// <summary>
    /// Null when the severity may change to <paramref name="to"/>. Not once containment is done: its due time decided
    /// whether it was on time, and a later change would rewrite that.
    /// </summary>
    public static string? WhySeverityCannotChange(QualityIssueState state, IReadOnlyList<QualityStep> steps, Severity from, Severity to) =>
        WhySeverityIsFinal(state, steps) ?? (from == to ? $"The issue is already {to}." : null);

    /// <summary>Null while the severity may still change at all.</summary>
    public static string? WhySeverityIsFinal(QualityIssueState state, IReadOnlyList<QualityStep> steps)
    {
        if (state == QualityIssueState.Closed)
        {
            return "The issue is closed.";
        }
        return StepOf(steps, EightDStep.D3).IsDone ? "Containment (D3) is done: the severity that fixed its due time is final." : null;
    }

    /// <summary>Everything that stops the issue from closing; empty when it may close.</summary>
    public static IReadOnlyList<string> CloseBlockers(QualityIssueState state, IReadOnlyList<QualityStep> steps, bool verificationAccepted)
    {
        if (state == QualityIssueState.Closed)
        {
            return ["The issue is already closed."];
        }
        var blockers = steps.Where(s => s.Step is >= EightDStep.D3 and <= EightDStep.D7 && !s.IsDone)
            .Select(s => $"{s.Step} ({s.Step.Title()}) is not done.")
            .ToList();
        if (!verificationAccepted)
        {
            blockers.Add("The customer has not accepted the verification (D6).");
        }
        return blockers;
    }

    /// <summary>
    /// Null when the caller may accept or reject the verification now. Only the customer judges whether the
    /// corrective action worked: the supplier cannot sign off its own fix.
    /// </summary>
    public static string? WhyVerificationCannotBeJudged(bool customerSide, QualityIssueState state, IReadOnlyList<QualityStep> steps, bool verificationAccepted)
    {
        if (!customerSide)
        {
            return "Only the customer side accepts or rejects the verification.";
        }
        if (state == QualityIssueState.Closed)
        {
            return "The issue is closed.";
        }
        if (!StepOf(steps, EightDStep.D6).IsDone)
        {
            return "D6 (verification) is not done yet.";
        }
        return verificationAccepted ? "The verification has already been accepted." : null;
    }

    /// <summary>A rejected verification sends the issue back to corrective action: D5 and D6 are open again.</summary>
    public static IReadOnlyList<QualityStep> ReopenAfterRejection(IReadOnlyList<QualityStep> steps) =>
        steps.Select(s => s.Step is EightDStep.D5 or EightDStep.D6 ? s with { DoneAt = null } : s).ToList();

    /// <summary>Field errors of a raise; empty when the input is acceptable.</summary>
    public static Dictionary<string, string> Validate(string title, string description, int quantityAffected, int quantityInspected)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(title)) errors["Title"] = "Give the issue a short title.";
        else if (title.Trim().Length > 200) errors["Title"] = "Keep the title under 200 characters.";
        if (string.IsNullOrWhiteSpace(description)) errors["Description"] = "Describe what was found.";
        if (quantityInspected < 0) errors["QuantityInspected"] = "The inspected quantity cannot be negative.";
        if (quantityAffected < 0) errors["QuantityAffected"] = "The affected quantity cannot be negative.";
        else if (quantityAffected > quantityInspected && quantityInspected >= 0) errors["QuantityAffected"] = "The affected quantity cannot exceed the inspected quantity.";
        return errors;
    }

    /// <summary>Whole days an issue has been (or was) open.</summary>
    public static int OpenDays(DateTimeOffset raisedAt, DateTimeOffset? closedAt, DateTimeOffset now) =>
        Math.Max(0, (int)((closedAt ?? now) - raisedAt).TotalDays);

    /// <summary>Parts per million nonconforming; null when nothing was delivered (no rate, rather than a rate of zero).</summary>
    public static decimal? Ppm(long nonconforming, long delivered) =>
        delivered == 0 ? null : Math.Round(nonconforming * 1_000_000m / delivered, 1);

    /// <summary>The step the issue waits on: the first one not done, or null when closed.</summary>
    public static EightDStep? CurrentStep(IReadOnlyList<QualityStep> steps) => steps.FirstOrDefault(s => !s.IsDone)?.Step;

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static QualityStep StepOf(IReadOnlyList<QualityStep> steps, EightDStep step) => steps.Single(s => s.Step == step);
}
