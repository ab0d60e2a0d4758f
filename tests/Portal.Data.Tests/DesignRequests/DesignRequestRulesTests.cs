using Portal.Data.DesignRequests;

namespace Portal.Data.Tests.DesignRequests;

public sealed class DesignRequestRulesTests
{
    [Theory]
    [InlineData("2026-03-02", 10, "2026-03-16")] // Monday + 10 working days = Monday two weeks on
    [InlineData("2026-03-06", 1, "2026-03-09")]  // Friday + 1 = Monday
    [InlineData("2026-03-07", 1, "2026-03-09")]  // started on a Saturday
    [InlineData("2026-03-02", 30, "2026-04-13")]
    [InlineData("2026-03-02", 0, "2026-03-02")]
    public void Working_days_skip_weekends(string start, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), WorkingDays.Add(DateOnly.Parse(start), days));

    [Fact]
    public void Stage_targets_default_and_can_be_overridden_per_partnership()
    {
        var targets = new DesignStageTargets([KeyValuePair.Create(DesignStage.Feasibility, 5)]);

        Assert.Equal(5, targets.DaysFor(DesignStage.Feasibility));
        Assert.Equal(20, targets.DaysFor(DesignStage.Design));
        Assert.Equal(30, targets.DaysFor(DesignStage.Prototype));
        Assert.Equal(20, targets.DaysFor(DesignStage.Validation));
        Assert.Null(targets.DaysFor(DesignStage.Submitted));
        Assert.Equal(new DateOnly(2026, 3, 9), targets.PlannedEnd(DesignStage.Feasibility, new DateOnly(2026, 3, 2)));
        Assert.Null(targets.PlannedEnd(DesignStage.Released, new DateOnly(2026, 3, 2)));
    }

    [Fact]
    public void Not_a_fit_requires_the_alternative_and_its_reason()
    {
        var errors = DesignRequestRules.CheckVerdict(new VerdictInput(FitVerdict.NotAFit, null, " ", null, "ftp://x"));

        Assert.Equal(["AlternativeLink", "AlternativeName", "AlternativeReason"], errors.Keys.Order());
    }

    [Fact]
    public void Marginal_requires_conditions_and_fit_requires_nothing()
    {
        Assert.Equal(["Conditions"], DesignRequestRules.CheckVerdict(new VerdictInput(FitVerdict.Marginal, "", null, null, null)).Keys);
        Assert.Empty(DesignRequestRules.CheckVerdict(new VerdictInput(FitVerdict.Fit, null, null, null, null)));
        Assert.Empty(DesignRequestRules.CheckVerdict(new VerdictInput(FitVerdict.NotAFit, null, "Competitor X", "Rated to 200 °C", "https://example.com/x")));
    }

    [Fact]
    public void Only_the_chosen_verdicts_fields_are_checked()
    {
        var longText = new string('x', 20_000);
        Assert.Empty(DesignRequestRules.CheckVerdict(new VerdictInput(FitVerdict.Fit, longText, longText, longText, "ftp://x")));
        Assert.Empty(DesignRequestRules.CheckVerdict(new VerdictInput(FitVerdict.Marginal, "Below 80 °C only", null, null, "not a link")));
        Assert.Equal(["Conditions"], DesignRequestRules.CheckVerdict(new VerdictInput(FitVerdict.Marginal, longText, null, null, null)).Keys);
    }

    [Fact]
    public void The_intake_names_each_missing_field()
    {
        var errors = DesignRequestRules.CheckIntake(new DesignRequestInput("", " ", "", 0, -1, null, "", ""));

        Assert.Equal(["AnnualVolume", "Application", "OperatingConditions", "TargetPriceMinor", "Title"], errors.Keys.Order());
    }

    [Fact]
    public void Mentions_are_emails_or_quoted_names()
    {
        var mentions = Mentions.Parse("Thanks @nina.engineer@nordlab.example. Could @\"Erin Okafor\" check? mail me at x@y.z");

        Assert.Equal([new Mentions.Mention("nina.engineer@nordlab.example", null), new Mentions.Mention(null, "Erin Okafor")], mentions);
    }
}
