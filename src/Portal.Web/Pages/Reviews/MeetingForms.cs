namespace Portal.Web.Pages.Reviews;

/// <summary>An item's notes as the editor loaded them: the version is what makes a save over someone else's a conflict, not an overwrite.</summary>
public sealed class NotesForm
{
    public long ItemId { get; set; }
    public int Version { get; set; }
    public string? Notes { get; set; }
}

public sealed class ActionItemForm
{
    public long ItemId { get; set; }
    public string? Title { get; set; }
    public long? OwnerUserId { get; set; }
    public DateOnly? DueOn { get; set; }
    public string? Link { get; set; }
}

/// <summary>What another editor saved while this one typed: shown beside the text this one tried to save, which is kept.</summary>
public sealed record NotesConflict(long ItemId, string ChangedBy, string TheirText, string MyText, int CurrentVersion);
