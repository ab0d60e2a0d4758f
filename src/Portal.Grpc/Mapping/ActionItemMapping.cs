using Portal.Data.Reviews;
using DataState = Portal.Data.Reviews.ActionItemState;

namespace Portal.Grpc.Mapping;

/// <summary>The ERP's action item is the change feed's projection, field by field: nothing else of the portal's record reaches it.</summary>
public static class ActionItemMapping
{
    public static Erp.V1.ActionItem ToMessage(this ActionItemFeedV1 item) => new()
    {
        Id = item.Id,
        ReviewId = item.ReviewId,
        Title = item.Title,
        Owner = item.Owner,
        DueOn = item.DueOn.ToMessage(),
        State = Enum.Parse<DataState>(item.State).ToMessage(),
        DropReason = item.DropReason ?? "",
        Link = item.Link ?? "",
    };

    public static Erp.V1.ActionItemState ToMessage(this DataState state) => state switch
    {
        DataState.Open => Erp.V1.ActionItemState.Open,
        DataState.Done => Erp.V1.ActionItemState.Done,
        DataState.Dropped => Erp.V1.ActionItemState.Dropped,
        _ => Erp.V1.ActionItemState.Unspecified,
    };

    public static DataState? FromMessage(this Erp.V1.ActionItemState state) => state switch
    {
        Erp.V1.ActionItemState.Open => DataState.Open,
        Erp.V1.ActionItemState.Done => DataState.Done,
        Erp.V1.ActionItemState.Dropped => DataState.Dropped,
        _ => null,
    };
}
