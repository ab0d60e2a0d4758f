namespace Portal.Data.Reviews;

/// <summary>What happens to a review, its agenda and its minutes (the trail's entity is the review for all of them).</summary>
public enum ReviewChange
{
    Scheduled,
    Rescheduled,
    Cancelled,
    Opened,
    Closed,
    AddendumAdded,
    Acknowledged,
    AgendaItemAdded,
    AgendaItemMovedUp,
    AgendaItemMovedDown,
    AgendaItemSkipped,
    AgendaItemRestored,
    NotesSaved,
    DecisionRecorded,
}

public static class ReviewChanges
{
    /// <summary>The changes to the agenda, whose states are the agenda item, not the review.</summary>
    public static bool IsAgendaChange(ReviewChange change) => change is ReviewChange.AgendaItemAdded or ReviewChange.AgendaItemMovedUp
        or ReviewChange.AgendaItemMovedDown or ReviewChange.AgendaItemSkipped or ReviewChange.AgendaItemRestored or ReviewChange.NotesSaved
        or ReviewChange.DecisionRecorded;

    /// <summary>The type of a review change's states, as the trail reads them back.</summary>
    public static Type StateTypeOf(string action) =>
        Enum.TryParse<ReviewChange>(action, out var change) && IsAgendaChange(change) ? typeof(AgendaItem) : typeof(Review);
}

/// <summary>What happens to an action item agreed in a review.</summary>
public enum ActionItemChange
{
    ActionItemAdded,
    ActionItemDone,
    ActionItemDropped,
}
