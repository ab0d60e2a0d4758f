using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Changes;
using Portal.Data.Loans;
using Portal.Data.Reviews;
using Portal.Data.Tenancy;
using Portal.Web.Trail;

namespace Portal.Web.Tests.Trail;

/// <summary>
/// Every action of every entity, read back from rows written the old way (enums as numbers), reads as a sentence with
/// labelled fields: no enum number, no minor units, no class or action name.
/// </summary>
public sealed partial class TrailReaderTests
{
    private const long Amount = 2_500_000;

    public static TheoryData<string, string> EveryAction =>
        [.. ChangeKinds.All.SelectMany(k => k.Actions.Select(a => (k.Entity, a)))];

    [Theory, MemberData(nameof(EveryAction))]
    public void Every_action_of_every_entity_reads_as_a_sentence(string entity, string action)
    {
        var kind = ChangeKinds.Named(entity)!;
        var type = StateType(kind, action);
        // Rows written before the recorder serialised enums as numbers: the reader must still name them.
        var legacy = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var line = TrailReader.Read(new AuditEntry
        {
            ActorKind = "User", ActorName = "Fay Bergström", Entity = entity, EntityId = "41", Action = action, PartnershipId = 3,
            BeforeJson = JsonSerializer.Serialize(Sample(type, first: true), type, legacy),
            AfterJson = JsonSerializer.Serialize(Sample(type, first: false), type, legacy),
        }, TimeZoneInfo.Utc);

        var text = string.Join("\n", new[] { line.Sentence, line.EntityLabel, line.ActionLabel }.Concat(line.Fields.SelectMany(f => new[] { f.Label, f.Before, f.After })));
        Assert.StartsWith("Fay Bergström ", line.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Empty(PascalCase().Matches(text).Select(m => m.Value));
        var enumLabels = EnumLabels(type).ToList();
        Assert.All(line.Fields.Where(f => enumLabels.Any(l => f.Label.EndsWith(l, StringComparison.Ordinal))),
            f => Assert.False(f.Before.All(char.IsDigit) || f.After.All(char.IsDigit), $"{f.Label}: {f.Before} → {f.After}"));
    }

    [Fact]
    public void A_recorded_time_reads_in_the_readers_zone_and_a_recorded_day_as_the_same_day_everywhere()
    {
        AuditEntry Entry() => new()
        {
            ActorKind = "User", ActorName = "Quinn Quality", Entity = "QualityIssue", EntityId = "4", Action = "StepUpdated",
            BeforeJson = """{"title":"Cracked housings","dueAt":"2026-12-04T02:22:00+00:00","neededBy":"2026-12-10"}""",
            AfterJson = """{"title":"Cracked housings","dueAt":"2026-12-05T02:22:00+00:00","neededBy":"2026-12-11"}""",
        };

        var tokyo = TrailReader.Read(Entry(), PortalTimeZones.Find("Asia/Tokyo")).Fields.ToDictionary(f => f.Label, f => (f.Before, f.After));
        var berlin = TrailReader.Read(Entry(), PortalTimeZones.Find("Europe/Berlin")).Fields.ToDictionary(f => f.Label, f => (f.Before, f.After));

        Assert.Equal(("4 Dec 2026 11:22 (Asia/Tokyo)", "5 Dec 2026 11:22 (Asia/Tokyo)"), tokyo["Due at"]);
        Assert.Equal(("4 Dec 2026 03:22 (Europe/Berlin)", "5 Dec 2026 03:22 (Europe/Berlin)"), berlin["Due at"]);
        Assert.Equal(tokyo["Needed by"], berlin["Needed by"]);
    }

    [Fact]
    public void A_credit_approval_reads_as_the_issue_asked()
    {
        var line = TrailReader.Read(new AuditEntry
        {
            ActorKind = "User", ActorName = "Fay Bergström", Entity = "CreditArrangement", EntityId = "7", Action = "Approved", Note = "Within appetite.",
            AfterJson = """{"kind":0,"extensionMinor":2500000,"currency":"EUR","reason":"Season","startsOn":"2026-12-10","endsOn":"2027-01-31","state":1,"requestedByName":"Cleo"}""",
        }, TimeZoneInfo.Utc);

        Assert.Equal("Fay Bergström approved the credit extension of EUR 25,000.00 (10 Dec 2026 – 31 Jan 2027)", line.Sentence);
        Assert.Equal("Within appetite.", line.Note);
    }

    private static Type StateType(ChangeKind kind, string action) => kind.StateType != typeof(object) ? kind.StateType
        : kind == ChangeKinds.Attachment ? typeof(Attachment)
        : kind == ChangeKinds.Review ? ReviewChanges.StateTypeOf(action)
        : action == nameof(EquipmentChange.MaintenanceLogged) ? typeof(MaintenanceEntry) : typeof(EquipmentItem);

    /// <summary>A state with every field set, two versions of it differing in every field: money in minor units, enums off their first member.</summary>
    private static object Sample(Type type, bool first)
    {
        var state = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            property.SetValue(state, Value(property, first));
        }
        return state;
    }

    private static object? Value(PropertyInfo property, bool first)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            _ when type == typeof(string) => property.Name == "Currency" ? "EUR" : first ? "before text" : "after text",
            _ when type == typeof(long) => property.Name.EndsWith("Minor", StringComparison.Ordinal) ? Amount + (first ? 0 : 100) : first ? 5L : 6L,
            _ when type == typeof(int) => first ? 24 : 48,
            _ when type == typeof(bool) => first,
            _ when type == typeof(decimal) => first ? 1.5m : 2.5m,
            _ when type == typeof(DateOnly) => new DateOnly(2026, 12, first ? 10 : 11),
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 12, first ? 10 : 11, 9, 0, 0, TimeSpan.Zero),
            _ when type.IsEnum => Enum.GetValues(type).GetValue(first ? 1 : Enum.GetValues(type).Length - 1),
            _ when type == typeof(IReadOnlyList<long>) => new List<long> { 1, 2 },
            _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => ListOf(type.GetGenericArguments()[0], first),
            _ => null,
        };
    }

    private static IList ListOf(Type element, bool first)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        list.Add(Sample(element, first));
        return list;
    }

    private static IEnumerable<string> EnumLabels(Type type) =>
        type.GetProperties().SelectMany(p =>
        {
            var plain = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            return plain.IsEnum ? [TrailValues.Label(p.Name)]
                : plain.IsGenericType && plain.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && !plain.GetGenericArguments()[0].IsPrimitive ? EnumLabels(plain.GetGenericArguments()[0])
                : [];
        });

    // A class or action name: a capital, lower case or digits, then another capital ("CreditArrangement", "D3DueMoved").
    [GeneratedRegex(@"\b[A-Z][a-z0-9]+[A-Z]\w*")]
    private static partial Regex PascalCase();
}
