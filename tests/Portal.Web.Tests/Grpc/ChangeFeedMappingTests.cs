using Portal.Data.ChangeFeed;
using Portal.Data.Changes;
using Portal.Erp.V1;
using Portal.Grpc.Mapping;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// The feed's contract covers everything the portal records for it: every action of every fed kind is a known
/// <see cref="ChangeAction"/>, every entity's projection becomes its own record message, and every enum value a record
/// carries has its namesake in the contract (no UNSPECIFIED standing in for a value the contract lacks).
/// </summary>
public sealed class ChangeFeedMappingTests
{
    /// <summary>Recorded without an after state (the request did not change), so the recorder writes no feed entry for them.</summary>
    private static readonly HashSet<string> NeverOnTheFeed = [$"DesignRequest.{Data.DesignRequests.DesignRequestChange.Commented}", $"DesignRequest.{Data.DesignRequests.DesignRequestChange.InternalNoteAdded}"];

    private static IEnumerable<ChangeKind> FedKinds => ChangeKinds.All.Where(k => k.Feed is not null);

    public static TheoryData<string, string> FedActions =>
        [.. FedKinds.SelectMany(k => k.Actions.Select(a => (k.Entity, a))).Where(p => !NeverOnTheFeed.Contains($"{p.Entity}.{p.a}"))];

    [Theory, MemberData(nameof(FedActions))]
    public void Every_recorded_action_of_a_fed_kind_is_a_past_tense_action_of_the_contract(string entity, string action)
    {
        var (mapped, step) = ChangeActions.Of(ChangeKinds.Named(entity)!.Feed!.Value, action);

        Assert.NotEqual(ChangeAction.Unspecified, mapped);
        // A step act names its step; the rest name none.
        Assert.Equal(mapped is ChangeAction.StepUpdated or ChangeAction.StepDueMoved or ChangeAction.StepCompleted, step is not null);
        if (step is not null)
        {
            Assert.StartsWith(step.Value.ToString(), action, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_actions_that_stay_off_the_feed_are_actions_of_a_fed_kind()
    {
        Assert.All(NeverOnTheFeed, name => Assert.Contains(name, FedKinds.SelectMany(k => k.Actions.Select(a => $"{k.Entity}.{a}"))));
    }

    [Fact]
    public void An_action_this_version_does_not_know_is_unspecified_not_a_failed_read()
    {
        Assert.Equal((ChangeAction.Unspecified, null), ChangeActions.Of(FeedEntity.QualityIssue, "Teleported"));
        Assert.Equal((ChangeAction.Unspecified, null), ChangeActions.Of(FeedEntity.EquipmentLoan, "Teleported"));
    }

    public static TheoryData<string> FedEntities => [.. FedKinds.Select(k => k.Feed!.Value.ToString())];

    [Theory, MemberData(nameof(FedEntities))]
    public void Each_entitys_stored_projection_becomes_its_own_record_message(string entity)
    {
        var feedEntity = Enum.Parse<FeedEntity>(entity);
        var entry = new ChangeFeedEntry
        {
            PartnershipId = 1, Position = 7, OccurredAt = DateTimeOffset.UnixEpoch, Entity = feedEntity, EntityId = 5, Change = "Raised",
            DataJson = SampleJson(ChangeKinds.All.Single(k => k.Feed == feedEntity).ProjectionType!),
        };

        var change = entry.ToMessage("", FeedJson.Read(feedEntity, entry.DataJson), new Dictionary<long, string>());

        Assert.Equal(entity, change.RecordCase.ToString());
        Assert.Equal(entity, change.Entity.ToString());
        var record = (Google.Protobuf.IMessage)Change.Descriptor.Oneofs[0].Accessor.GetCaseFieldDescriptor(change)!.Accessor.GetValue(change);
        Assert.Equal(5L, record.Descriptor.FindFieldByName("id").Accessor.GetValue(record));
    }

    /// <summary>Every field of the projection set: numbers 5, texts "x", enums their first member, lists empty.</summary>
    private static string SampleJson(Type projection) => System.Text.Json.JsonSerializer.Serialize(SampleFields(projection));

    private static Dictionary<string, object> SampleFields(Type projection) =>
        projection.GetConstructors().Single().GetParameters().ToDictionary(
            p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name!),
            p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) switch
            {
                // A state kept as text (an action item's, a health alert's) is a state's name.
                var t when t == typeof(string) => p.Name == "State" ? "Open" : "x",
                var t when t == typeof(DateTimeOffset) => "2026-01-01T00:00:00Z",
                var t when t == typeof(DateOnly) => "2026-01-01",
                var t when t == typeof(bool) => true,
                var t when t.IsEnum => Enum.GetNames(t)[0],
                var t when t.IsGenericType => Array.Empty<object>(),
                _ => (object)5,
            });

    [Fact]
    public void A_deferral_names_its_invoices_by_the_erps_ids()
    {
        var fields = SampleFields(typeof(Data.Credit.CreditArrangementFeedV1));
        (fields["kind"], fields["state"], fields["deferralDays"], fields["invoiceIds"]) = ("HardshipDeferral", "Approved", 30, new[] { 41, 42 });
        var entry = new ChangeFeedEntry
        {
            PartnershipId = 1, Position = 1, Entity = FeedEntity.CreditArrangement, EntityId = 3, Change = "Approved",
            DataJson = System.Text.Json.JsonSerializer.Serialize(fields),
        };
        var projection = FeedJson.Read(entry.Entity, entry.DataJson);

        var record = entry.ToMessage("", projection, new Dictionary<long, string> { [41] = "INV-41", [42] = "INV-42" }).CreditArrangement;

        Assert.Equal([41L, 42L], ChangeFeedMapping.InvoiceIds([projection]));
        Assert.Equal(["INV-41", "INV-42"], record.InvoiceExternalIds);
        Assert.Equal((CreditArrangementKind.HardshipDeferral, CreditArrangementState.Approved, 30), (record.Kind, record.State, record.DeferralDays));
    }

    public static TheoryData<string, string> EnumPairs =>
    [
        .. new (Type Data, Type Contract)[]
        {
            (typeof(Data.Loans.LoanState), typeof(EquipmentLoanState)),
            (typeof(Data.Loans.EquipmentCondition), typeof(EquipmentCondition)),
            (typeof(Data.Guarantees.GuaranteeMetric), typeof(GuaranteeMetric)),
            (typeof(Data.Guarantees.PenaltyCreditState), typeof(PenaltyCreditState)),
            (typeof(Data.Credit.CreditArrangementState), typeof(CreditArrangementState)),
            (typeof(Data.Credit.CreditArrangementKind), typeof(CreditArrangementKind)),
            (typeof(Data.DesignRequests.FitVerdict), typeof(FitVerdict)),
            (typeof(Data.Scorecards.HealthState), typeof(HealthState)),
            (typeof(Data.Scorecards.ScorecardSide), typeof(ScorecardSide)),
        }.Select(p => (p.Data.AssemblyQualifiedName!, p.Contract.AssemblyQualifiedName!)),
    ];

    [Theory, MemberData(nameof(EnumPairs))]
    public void Every_member_of_a_data_enum_in_a_record_has_its_namesake_in_the_contract(string data, string contract)
    {
        var named = typeof(FeedRecordMapping).GetMethod(nameof(FeedRecordMapping.Named))!.MakeGenericMethod(Type.GetType(contract)!);

        Assert.All(Enum.GetNames(Type.GetType(data)!), name => Assert.NotEqual(0, Convert.ToInt32(named.Invoke(null, [name]), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_health_alerts_states_are_the_contracts()
    {
        Assert.Equal(
            [HealthAlertState.Open, HealthAlertState.Closed],
            [FeedRecordMapping.Named<HealthAlertState>(Data.Scorecards.HealthAlert.OpenState), FeedRecordMapping.Named<HealthAlertState>(Data.Scorecards.HealthAlert.ClosedState)]);
    }
}
