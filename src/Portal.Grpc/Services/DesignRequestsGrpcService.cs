using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;

namespace Portal.Grpc.Services;

[Authorize(Policy = ErpPolicies.Read)]
public sealed class DesignRequestsGrpcService(DesignRequestStore designRequests, PageTokens tokens) : DesignRequestsService.DesignRequestsServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;
    private const string List = "design_requests";

    public override async Task<ListDesignRequestsResponse> ListDesignRequests(ListDesignRequestsRequest request, ServerCallContext context)
    {
        var errors = new Dictionary<string, string>();
        var pageSize = PageTokens.PageSize(request.PageSize, DefaultPageSize, MaxPageSize, errors);
        var afterId = tokens.DecodeAfterId(request.PageToken, List, Filter(request.Stage), errors, "stage");
        if (!Enum.IsDefined(request.Stage)) errors["stage"] = "Unknown stage.";
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var caller = context.Caller();
        // One row more than asked tells whether another page follows.
        var (rows, total) = await designRequests.ListAfterAsync(caller, request.Stage.FromMessage(), afterId, pageSize + 1, context.CancellationToken);
        var response = new ListDesignRequestsResponse { TotalSize = (int)total };
        response.DesignRequests.AddRange(rows.Take(pageSize).Select(r => r.ToMessage()));
        if (rows.Count > pageSize)
        {
            response.NextPageToken = tokens.EncodeAfterId(List, Filter(request.Stage), rows[pageSize - 1].Id);
        }
        return response;
    }

    public override async Task<Erp.V1.DesignRequest> GetDesignRequest(GetDesignRequestRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var details = await designRequests.GetDetailsAsync(caller, request.Id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Design request {request.Id} was not found."));
        return details.ToMessage();
    }

    private static string Filter(Erp.V1.DesignStage stage) => ((int)stage).ToString(CultureInfo.InvariantCulture);
}
