namespace Portal.Data.ChangeFeed;

/// <summary>
/// What a customer's ERP receives of a record: every feed entry's data is one of these, never the internal record.
/// A projection is a contract: each is a record type of its own, named with its version (<c>...FeedV1</c>), listed in
/// docs/changes.md, and pinned field by field by <c>FeedProjectionContractTests</c>. Adding a field is a decision
/// made there; renaming or dropping one is a new version.
/// </summary>
public abstract record FeedProjection;
