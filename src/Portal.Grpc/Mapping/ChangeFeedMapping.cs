using Google.Protobuf.WellKnownTypes;
using Portal.Data.ChangeFeed;
using Portal.Erp.V1;

namespace Portal.Grpc.Mapping;

public static class ChangeFeedMapping
{
    public static Change ToMessage(this ChangeFeedEntry entry) => new()
    {
        Cursor = FeedCursor.Encode(entry.PartnershipId, entry.Position),
        Position = entry.Position,
        OccurredAt = Timestamp.FromDateTimeOffset(entry.OccurredAt),
        Entity = entry.Entity.ToMessage(),
        EntityId = entry.EntityId,
        Change_ = entry.Change,
        Data = Struct.Parser.ParseJson(entry.DataJson),
    };

    public static ChangeEntity ToMessage(this FeedEntity entity) => entity switch
    {
        FeedEntity.QualityIssue => ChangeEntity.QualityIssue,
        FeedEntity.DesignRequest => ChangeEntity.DesignRequest,
        FeedEntity.CreditLine => ChangeEntity.CreditLine,
        FeedEntity.CreditArrangement => ChangeEntity.CreditArrangement,
        FeedEntity.EquipmentLoan => ChangeEntity.EquipmentLoan,
        FeedEntity.PenaltyCredit => ChangeEntity.PenaltyCredit,
        FeedEntity.ActionItem => ChangeEntity.ActionItem,
        FeedEntity.ScorecardSnapshot => ChangeEntity.ScorecardSnapshot,
        FeedEntity.HealthAlert => ChangeEntity.HealthAlert,
        _ => ChangeEntity.Unspecified,
    };
}
