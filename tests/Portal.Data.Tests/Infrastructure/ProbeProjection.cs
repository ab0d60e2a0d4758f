using Portal.Data.ChangeFeed;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>A feed entry's data for tests of the feed itself, which care about positions, not about what a record projects.</summary>
public sealed record ProbeProjection(string Label = "", int Number = 0) : FeedProjection;
