using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Data.ChangeFeed;
using Portal.Data.Changes;
using Portal.Data.DesignRequests;

namespace Portal.Data.Tests.Changes;

/// <summary>
/// The feed is a contract with every customer's ERP: each entity's fields are written out here, and a field of the
/// internal record that reaches the feed without being in its projection fails. Changing a list below is deciding
/// what ERPs receive (docs/changes.md says how).
/// </summary>
public sealed class FeedProjectionContractTests
{
    private static readonly Dictionary<FeedEntity, string[]> Contract = new()
    {
        [FeedEntity.QualityIssue] =
        [
            "id", "partnershipId", "title", "description", "severity", "state", "itemName", "itemSku", "purchaseOrderNumber", "deliveryExternalId",
            "lot", "quantityAffected", "quantityInspected", "raisedByName", "raisedByCustomer", "raisedAt", "containmentDueAt",
            "verificationAcceptedAt", "verificationRejection", "closedAt", "requestId", "steps",
        ],
        [FeedEntity.DesignRequest] =
        [
            "id", "partnershipId", "title", "application", "operatingConditions", "annualVolume", "targetPriceMinor", "currency", "neededBy",
            "standards", "description", "stage", "stageOwnerName", "stagePlannedEnd", "verdict", "verdictConditions", "alternativeName",
            "alternativeReason", "alternativeLink", "verdictAt", "raisedByName", "createdAt", "updatedAt", "isOpen",
        ],
        [FeedEntity.CreditLine] = ["id", "limitMinor", "currency", "paymentTermsDays", "countOpenOrders", "updatedAt"],
        [FeedEntity.CreditArrangement] =
        [
            "id", "partnershipId", "kind", "extensionMinor", "deferralDays", "deferredTo", "currency", "reason", "startsOn", "endsOn", "state",
            "requestedByName", "requestedByCustomer", "requestedAt", "decidedByName", "decidedAt", "decisionNote", "invoiceIds",
        ],
        [FeedEntity.EquipmentLoan] =
        [
            "id", "partnershipId", "equipmentName", "equipmentModel", "equipmentSerial", "equipmentValueMinor", "purpose", "startsOn", "endsOn",
            "monthlyFeeMinor", "depositMinor", "currency", "terms", "state", "requestedByName", "requestedByCustomer", "requestedAt", "inUseSince",
            "conditionAtShipping", "conditionAtReturn", "rentCreditPercent", "conversionPriceMinor", "closedAt",
        ],
        [FeedEntity.PenaltyCredit] =
        [
            "id", "guaranteeId", "metric", "periodStart", "periodEnd", "amountMinor", "currency", "reason", "measured", "target", "state", "voidReason",
        ],
        // Only the customer's people's items (the sentinel sets OwnerCustomer); link is the one the people gave the item.
        [FeedEntity.ActionItem] = ["id", "reviewId", "title", "owner", "dueOn", "state", "dropReason", "link"],
        [FeedEntity.ScorecardSnapshot] =
            ["id", "month", "revision", "formulaVersion", "supplierScore", "supplierState", "customerScore", "customerState", "reason"],
        [FeedEntity.HealthAlert] = ["id", "snapshotId", "month", "side", "fromState", "toState", "fromScore", "toScore", "state", "closedAt"],
    };

    /// <summary>The fields of a quality issue's steps in the feed.</summary>
    private static readonly string[] StepContract = ["step", "ownerName", "dueAt", "doneAt", "details", "isDone"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string> FedKinds => [.. ChangeKinds.All.Where(k => k.Feed is not null).Select(k => k.Entity)];

    [Fact]
    public void Every_feed_entity_has_one_kind_and_a_written_contract()
    {
        var fed = ChangeKinds.All.Where(k => k.Feed is not null).Select(k => k.Feed!.Value).ToList();
        Assert.Equal(Enum.GetValues<FeedEntity>().Order(), fed.Order());
        Assert.Equal(Enum.GetValues<FeedEntity>().Order(), Contract.Keys.Order());
        Assert.All(ChangeKinds.All.Where(k => k.Feed is not null), k => Assert.EndsWith("FeedV1", k.ProjectionType!.Name, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(FedKinds))]
    public void The_feed_carries_exactly_the_written_fields(string entity)
    {
        var kind = ChangeKinds.Named(entity)!;
        var json = Project(kind, Filled(kind.StateType, new Sentinels()));

        Assert.Equal(Contract[kind.Feed!.Value].Order(), json.EnumerateObject().Select(p => p.Name).Order());
        if (json.TryGetProperty("steps", out var steps))
        {
            Assert.All(steps.EnumerateArray(), step => Assert.Equal(StepContract.Order(), step.EnumerateObject().Select(p => p.Name).Order()));
        }
    }

    [Theory, MemberData(nameof(FedKinds))]
    public void No_field_of_the_internal_record_outside_the_contract_reaches_the_feed(string entity)
    {
        var kind = ChangeKinds.Named(entity)!;
        var sentinels = new Sentinels();
        var text = Project(kind, Filled(kind.StateType, sentinels)).GetRawText();

        var allowed = Contract[kind.Feed!.Value].Concat(StepContract).ToHashSet();
        var leaked = sentinels.Written.Where(w => !allowed.Contains(JsonNamingPolicy.CamelCase.ConvertName(w.Property)) && text.Contains(w.Value, StringComparison.Ordinal));
        Assert.Empty(leaked.Select(w => w.Property));
    }

    [Fact]
    public void The_check_sees_a_leak()
    {
        // A projection that passed the internal record on would carry its ids: the sentinel finds them.
        var sentinels = new Sentinels();
        var request = Filled(typeof(DesignRequest), sentinels);
        var text = JsonSerializer.Serialize(request, request.GetType(), Json);
        var raisedBy = sentinels.Written.Single(w => w.Property == nameof(DesignRequest.RaisedByUserId));
        Assert.Contains(raisedBy.Value, text, StringComparison.Ordinal);
    }

    private static JsonElement Project(ChangeKind kind, object state)
    {
        // FedChangeKind<,,>.ProjectionOf(state): the projection the recorder hands to the feed writer.
        var projection = kind.GetType().GetMethod("ProjectionOf")!.Invoke(kind, [state])!;
        return JsonSerializer.SerializeToElement(projection, projection.GetType(), Json);
    }

    /// <summary>An instance of a record with every settable property set to a value that can be found again in JSON.</summary>
    private static object Filled(Type type, Sentinels sentinels)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            property.SetValue(instance, sentinels.For(property.Name, property.PropertyType, t => Filled(t, sentinels)));
        }
        return instance;
    }

    private sealed class Sentinels
    {
        private long _next = 7_300_000_001;

        public List<(string Property, string Value)> Written { get; } = [];

        public object? For(string property, Type type, Func<Type, object> record)
        {
            var plain = Nullable.GetUnderlyingType(type) ?? type;
            object? value = plain switch
            {
                _ when plain == typeof(string) => $"{property}-sentinel",
                _ when plain == typeof(long) => _next++,
                _ when plain == typeof(int) => (int)(_next++ % 1_000_000) + 3_000_000,
                _ when plain == typeof(bool) => true,
                _ when plain == typeof(decimal) => 7.5m,
                _ when plain == typeof(DateOnly) => new DateOnly(2026, 12, 10),
                _ when plain == typeof(DateTimeOffset) => new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero),
                _ when plain.IsEnum => Enum.GetValues(plain).GetValue(0),
                _ when plain == typeof(IReadOnlyList<long>) => new List<long> { _next++ },
                _ when plain.IsGenericType && plain.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => ListOf(plain.GetGenericArguments()[0], record),
                _ => null,
            };
            if (value is string or long or int)
            {
                Written.Add((property, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!));
            }
            return value;
        }

        private static IList ListOf(Type element, Func<Type, object> record)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(record(element));
            return list;
        }
    }
}
