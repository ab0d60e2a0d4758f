namespace Portal.Data.Reviews;

/// <summary>
/// Notes saved over a version that someone else replaced meanwhile: nothing was written, and the caller gets the other
/// person's text to merge with their own instead of silently overwriting it.
/// </summary>
public sealed class EditConflictException(string changedBy, string theirText, int currentVersion)
    : Exception($"Changed by {changedBy} meanwhile.")
{
    public string ChangedBy { get; } = changedBy;
    public string TheirText { get; } = theirText;
    public int CurrentVersion { get; } = currentVersion;
}
