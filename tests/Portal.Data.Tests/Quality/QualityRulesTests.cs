using Portal.Data.Quality;

namespace Portal.Data.Tests.Quality;

public sealed class QualityRulesTests
{
    private static readonly DateTimeOffset Raised = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Severity.Critical, null, 24)]
    [InlineData(Severity.Major, null, 72)]
    [InlineData(Severity.Minor, null, 168)]
    [InlineData(Severity.Critical, 8, 8)]
    [InlineData(Severity.Major, 48, 48)]
    public void Containment_is_due_within_the_window_of_its_severity_or_the_partnerships_override(Severity severity, int? overrideHours, int expectedHours)
    {
        var overrides = overrideHours is { } hours ? new Dictionary<Severity, int> { [severity] = hours } : new Dictionary<Severity, int>();

        var due = QualityRules.DueDates(Raised, QualityRules.ContainmentWindow(severity, overrides));

        Assert.Equal(Raised.AddHours(expectedHours), due[EightDStep.D3]);
        Assert.Equal(due[EightDStep.D3], due[EightDStep.D1]);
        Assert.Equal(due[EightDStep.D3], due[EightDStep.D2]);
    }

    [Fact]
    public void An_override_for_one_severity_leaves_the_others_at_their_defaults() =>
        Assert.Equal(TimeSpan.FromHours(72), QualityRules.ContainmentWindow(Severity.Major, new Dictionary<Severity, int> { [Severity.Critical] = 8 }));

    [Fact]
    public void Later_steps_follow_the_8D_rhythm_and_never_fall_before_containment()
    {
        var due = QualityRules.DueDates(Raised, TimeSpan.FromDays(20));

        Assert.Equal(
            [Raised.AddDays(20), Raised.AddDays(30), Raised.AddDays(45), Raised.AddDays(60), Raised.AddDays(60)],
            new[] { EightDStep.D4, EightDStep.D5, EightDStep.D6, EightDStep.D7, EightDStep.D8 }.Select(s => due[s]));
    }

    // Steps done before the act, the step to complete, and the refusal (null: allowed).
    [Theory]
    [InlineData("", "D3", null)]
    [InlineData("", "D1", null)]
    [InlineData("D1,D2", "D3", null)]
    [InlineData("D3", "D3", "D3 is already done.")]
    [InlineData("D1,D2,D3", "D4", null)]
    [InlineData("D1,D2", "D5", "Complete D4 (Root cause) first.")]
    [InlineData("D1,D2,D3,D4", "D5", null)]
    [InlineData("D1,D2,D3,D4", "D6", "Complete D5 (Corrective action) first.")]
    [InlineData("D1,D2,D3,D4,D5", "D6", null)]
    [InlineData("D1,D2,D3,D4,D5", "D7", "Complete D6 (Verification of effectiveness) first.")]
    [InlineData("D1,D2,D3,D4,D5,D6,D7", "D8", "D8 is completed by closing the issue.")]
    public void Steps_complete_in_8D_order_after_containment(string done, string step, string? refusal) =>
        Assert.Equal(refusal, QualityRules.WhyStepCannotBeCompleted(Enum.Parse<EightDStep>(step), QualityIssueState.Open, Steps(done)));

    [Fact]
    public void Nothing_completes_on_a_closed_issue() =>
        Assert.Equal("The issue is closed.", QualityRules.WhyStepCannotBeCompleted(EightDStep.D3, QualityIssueState.Closed, Steps("")));

    [Theory]
    [InlineData("D1,D2,D3,D4,D5,D6,D7", true, "")]
    [InlineData("D3,D4,D5,D6,D7", true, "")]
    [InlineData("D1,D2,D3,D4,D5,D6,D7", false, "The customer has not accepted the verification (D6).")]
    [InlineData("D1,D2,D4,D5,D6,D7", true, "D3 (Containment) is not done.")]
    [InlineData("D1,D2,D3,D4,D5,D6", true, "D7 (Prevention) is not done.")]
    [InlineData("D1,D2", false, "D3 (Containment) is not done.|D4 (Root cause) is not done.|D5 (Corrective action) is not done.|D6 (Verification of effectiveness) is not done.|D7 (Prevention) is not done.|The customer has not accepted the verification (D6).")]
    public void An_issue_closes_only_when_D3_to_D7_are_done_and_the_customer_accepted_D6(string done, bool accepted, string blockers) =>
        Assert.Equal(blockers, string.Join("|", QualityRules.CloseBlockers(QualityIssueState.Open, Steps(done), accepted)));

    [Theory]
    [InlineData(true, "D1,D2,D3,D4,D5,D6", false, null)]
    [InlineData(false, "D1,D2,D3,D4,D5,D6", false, "Only the customer side accepts or rejects the verification.")]
    [InlineData(true, "D1,D2,D3,D4,D5", false, "D6 (verification) is not done yet.")]
    [InlineData(true, "D1,D2,D3,D4,D5,D6", true, "The verification has already been accepted.")]
    public void Only_the_customer_judges_a_done_verification(bool customerSide, string done, bool accepted, string? refusal) =>
        Assert.Equal(refusal, QualityRules.WhyVerificationCannotBeJudged(customerSide, QualityIssueState.Open, Steps(done), accepted));

    [Fact]
    public void A_rejected_verification_reopens_D5_and_D6_and_nothing_else()
    {
        var reopened = QualityRules.ReopenAfterRejection(Steps("D1,D2,D3,D4,D5,D6"));

        Assert.Equal("D1,D2,D3,D4", string.Join(",", reopened.Where(s => s.IsDone).Select(s => s.Step)));
        Assert.Equal(EightDStep.D5, QualityRules.CurrentStep(reopened));
    }

    [Theory]
    [InlineData("T", "D", 3, 10, "")]
    [InlineData("T", "D", 10, 10, "")]
    [InlineData("T", "D", 0, 0, "")]
    [InlineData("T", "D", 11, 10, "QuantityAffected")]
    [InlineData("T", "D", -1, 10, "QuantityAffected")]
    [InlineData("T", "D", 0, -1, "QuantityInspected")]
    [InlineData(" ", "", 1, 1, "Description,Title")]
    public void Raising_needs_a_title_a_description_and_affected_within_inspected(string title, string description, int affected, int inspected, string fields) =>
        Assert.Equal(fields, string.Join(",", QualityRules.Validate(title, description, affected, inspected).Keys.Order(StringComparer.Ordinal)));

    [Theory]
    [InlineData(25, 100_000, 250.0)]
    [InlineData(1, 3, 333333.3)]
    [InlineData(0, 500, 0.0)]
    public void Ppm_is_nonconforming_per_million_delivered(long nonconforming, long delivered, double expected) =>
        Assert.Equal((decimal)expected, QualityRules.Ppm(nonconforming, delivered));

    [Fact]
    public void Ppm_without_deliveries_is_no_rate_rather_than_zero() => Assert.Null(QualityRules.Ppm(5, 0));

    [Theory]
    [InlineData(0, null, 0)]
    [InlineData(47, null, 1)]
    [InlineData(240, null, 10)]
    [InlineData(240, 72, 3)]
    public void Open_days_count_whole_days_until_now_or_closure(int hoursSinceRaised, int? closedAfterHours, int days) =>
        Assert.Equal(days, QualityRules.OpenDays(Raised, closedAfterHours is { } h ? Raised.AddHours(h) : null, Raised.AddHours(hoursSinceRaised)));

    private static List<QualityStep> Steps(string done)
    {
        var doneSteps = done.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<EightDStep>).ToHashSet();
        return EightDSteps.All.Select(step => new QualityStep { Step = step, DueAt = Raised, DoneAt = doneSteps.Contains(step) ? Raised : null }).ToList();
    }
}
