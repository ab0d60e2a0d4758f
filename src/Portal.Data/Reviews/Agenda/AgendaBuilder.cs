namespace Portal.Data.Reviews.Agenda;

/// <summary>
/// The seam between the agenda and the data: asks every <see cref="IAgendaSource"/> for its items, in registration order
/// (which is the agenda's first order). Adding a source (the scorecard's red and amber metrics, open health alerts) is one
/// class and one registration; nothing here changes.
/// </summary>
public sealed class AgendaBuilder(IEnumerable<IAgendaSource> sources)
{
    /// <summary>How far back "since the last review" reaches for a partnership's first review.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromDays(90);

    public async Task<IReadOnlyList<AgendaCandidate>> BuildAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        var items = new List<AgendaCandidate>();
        foreach (var source in sources)
        {
            items.AddRange(await source.CollectAsync(context, cancellationToken));
        }
        return items;
    }
}
