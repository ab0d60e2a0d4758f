namespace Portal.Data.Changes;

/// <summary>
/// One change, as a store hands it to <see cref="ChangeRecorder"/>: which record, what happened, the state before and
/// after (null before a creation, after a removal), what the actor said and whom to tell.
/// </summary>
public sealed record Change<TAction, TState>(ChangeKind<TAction, TState> Kind, long? PartnershipId, string EntityId, TAction Action, TState? Before, TState? After)
    where TAction : struct, Enum
    where TState : class
{
    /// <summary>What the actor said with the change: a reason, a decision note, a comment. The trail shows it quoted.</summary>
    public string? Note { get; init; }

    public Notice? Notice { get; init; }

    public Change<TAction, TState> Saying(string? note) => this with { Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim() };

    /// <summary>Tells these people (those of them who can see the partnership); the notification links to the record.</summary>
    public Change<TAction, TState> Telling(IEnumerable<long> userIds, string title, string body) => this with { Notice = new Notice(userIds.Distinct().ToList(), title, body) };
}

/// <summary>Who hears of a change and what they read.</summary>
public sealed record Notice(IReadOnlyList<long> UserIds, string Title, string Body);
