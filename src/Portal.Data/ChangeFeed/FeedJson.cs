using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Data.Changes;

namespace Portal.Data.ChangeFeed;

/// <summary>
/// How a projection is stored in <c>change_feed.data_json</c> and read back: the writer and the readers share these
/// options, so a stored entry reads back as the projection record it was written from.
/// </summary>
public static class FeedJson
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly Dictionary<FeedEntity, Type> Projections =
        ChangeKinds.All.Where(k => k.Feed is not null).ToDictionary(k => k.Feed!.Value, k => k.ProjectionType!);

    // The runtime type: the projection's own fields, whichever record it is.
    internal static string Write(FeedProjection projection) => JsonSerializer.Serialize(projection, projection.GetType(), Options);

    /// <summary>The entry's data as the entity's projection record (<c>...FeedV1</c>).</summary>
    public static FeedProjection Read(FeedEntity entity, string json) =>
        (FeedProjection)(JsonSerializer.Deserialize(json, Projections[entity], Options)
            ?? throw new InvalidOperationException($"A {entity} feed entry holds no data."));
}
