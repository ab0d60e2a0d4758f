namespace Portal.Web.Seed;

/// <summary>
/// A clock the demo seed moves by hand, so that seeded requests have a history of weeks (planned against actual
/// dates, late stages) although the seed runs in a second.
/// </summary>
public sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(int days) => _now = _now.AddDays(days);
}
