using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.Database;
using Portal.Data.Reviews;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;

namespace Portal.Grpc.Services;

/// <summary>The customer-owned action items of the caller's partnership: the items, and the projection, that the change feed carries.</summary>
[Authorize(Policy = ErpPolicies.Read)]
public sealed class ActionItemsGrpcService(ActionItemStore actionItems, PageTokens tokens) : ActionItemsService.ActionItemsServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private const string List = "action_items";

    public override async Task<ListActionItemsResponse> ListActionItems(ListActionItemsRequest request, ServerCallContext context)
    {
        var errors = new Dictionary<string, string>();
        var pageSize = PageTokens.PageSize(request.PageSize, DefaultPageSize, MaxPageSize, errors);
        if (!Enum.IsDefined(request.State)) errors["state"] = "Unknown state.";
        var afterId = tokens.DecodeAfterId(request.PageToken, List, Filter(request.State), errors, "state");
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var caller = context.Caller();
        // One item more than asked tells whether another page follows.
        var (items, total) = await actionItems.ListPublishedAsync(caller, caller.PartnershipIds.Single(), request.State.FromMessage(), afterId, pageSize + 1, context.CancellationToken);
        var response = new ListActionItemsResponse { TotalSize = (int)total };
        response.ActionItems.AddRange(items.Take(pageSize).Select(i => i.ToMessage()));
        if (items.Count > pageSize)
        {
            response.NextPageToken = tokens.EncodeAfterId(List, Filter(request.State), items[pageSize - 1].Id);
        }
        return response;
    }

    public override async Task<Erp.V1.ActionItem> GetActionItem(GetActionItemRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var item = await actionItems.GetPublishedAsync(caller, caller.PartnershipIds.Single(), request.Id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Action item {request.Id} was not found."));
        return item.ToMessage();
    }

    private static string Filter(Erp.V1.ActionItemState state) => ((int)state).ToString(CultureInfo.InvariantCulture);
}
