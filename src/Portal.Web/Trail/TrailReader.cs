using System.Globalization;
using System.Text.Json;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Changes;
using Portal.Data.Loans;
using Portal.Data.Reviews;

namespace Portal.Web.Trail;

/// <summary>
/// Reads a trail row back into its typed states (<see cref="ChangeKinds"/> says which type; enums written as numbers
/// by rows before the recorder read back by name) and tells it as a sentence with the fields that changed.
/// </summary>
public static class TrailReader
{
    /// <summary>The entry as <paramref name="zone"/>'s reader sees it: times inside the recorded states in that zone.</summary>
    public static TrailLine Read(AuditEntry entry, TimeZoneInfo zone)
    {
        var kind = ChangeKinds.Named(entry.Entity);
        var (before, _) = State(kind, entry.Action, entry.BeforeJson);
        var (after, legacyNote) = State(kind, entry.Action, entry.AfterJson);
        var note = entry.Note ?? legacyNote;
        var old = TrailValues.Flatten(before, zone);
        var @new = TrailValues.Flatten(after, zone);
        var fields = before is null
            ? []
            : @new.Keys.Union(old.Keys)
                .Select(label => new TrailField(label, old.GetValueOrDefault(label, TrailValues.None), @new.GetValueOrDefault(label, TrailValues.None)))
                .Where(f => f.Before != f.After)
                .ToList();
        var entityId = long.TryParse(entry.EntityId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        var sentence = $"{entry.ActorName} {TrailWords.Sentence(entry.Entity, entry.Action, after ?? before)}";
        return new TrailLine(entry.OccurredAt, entry.ActorName, TrailWords.Noun(entry.Entity), TrailWords.ActionLabel(entry.Action), sentence, note,
            fields, entry.PartnershipId, entry.Entity, entityId, entry.BeforeJson, entry.AfterJson);
    }

    /// <summary>The state as its record type, or as JSON when no type fits; and a reason that rows before the note column kept beside the state.</summary>
    private static (object? State, string? Note) State(ChangeKind? kind, string action, string? json)
    {
        if (json is null)
        {
            return (null, null);
        }
        var element = JsonSerializer.Deserialize<JsonElement>(json);
        string? note = null;
        // Before the note column, a reason was kept as { reason, issue } around the state, and a comment was the state.
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("reason", out var reason) && element.TryGetProperty("issue", out var wrapped))
        {
            (element, note) = (wrapped, reason.GetString());
        }
        else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
        {
            return (null, body.GetString());
        }
        var type = TypeFor(kind, action);
        if (type is null)
        {
            return (element, note);
        }
        try
        {
            return (element.Deserialize(type, AuditTrail.Json) ?? element, note);
        }
        catch (JsonException)
        {
            // A state that does not fit its type (a supplier-only file's few fields): shown as it was written.
            return (element, note);
        }
    }

    private static Type? TypeFor(ChangeKind? kind, string action) => kind switch
    {
        null => null,
        _ when kind == ChangeKinds.Equipment => action == nameof(EquipmentChange.MaintenanceLogged) ? typeof(MaintenanceEntry) : typeof(EquipmentItem),
        _ when kind == ChangeKinds.Attachment => typeof(Attachment),
        _ when kind == ChangeKinds.Review => ReviewChanges.StateTypeOf(action),
        _ when kind.StateType == typeof(object) => null,
        _ => kind.StateType,
    };
}
