using Portal.Data.ChangeFeed;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.ErpConnections;

/// <summary>How far each active connection has followed the partnership's change feed, for the _FeedLag partial.</summary>
public sealed record FeedLagModel(long Head, IReadOnlyList<FeedReader> Readers)
{
    public static async Task<FeedLagModel> LoadAsync(FeedReadStore reads, CallerScope scope, long partnershipId, CancellationToken cancellationToken)
    {
        var readers = await reads.ListForPartnershipAsync(scope, partnershipId, cancellationToken);
        return new FeedLagModel(readers.Count > 0 ? readers[0].Head : 0, readers.Where(r => !r.IsRevoked).ToList());
    }
}
