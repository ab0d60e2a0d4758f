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
public sealed class DesignRequestsService(DesignRequestStore designRequests) : DesignRequests.DesignRequestsBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;

    public override async Task<ListDesignRequestsResponse> ListDesignRequests(ListDesignRequestsRequest request, ServerCallContext context)
    {
        var errors = new Dictionary<string, string>();
        if (request.PageSize is < 0 or > MaxPageSize) errors["page_size"] = $"Ask for 1 to {MaxPageSize} requests per page.";
        // The token is the last id of the previous page: keyset paging never skips or repeats a row when requests are added.
        long afterId = 0;
        if (request.PageToken.Length > 0 && !(long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out afterId) && afterId > 0))
        {
            errors["page_token"] = "Pass back the next_page_token of the previous answer, unchanged.";
        }
        if (!Enum.IsDefined(request.Stage)) errors["stage"] = "Unknown stage.";
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var caller = context.Caller();
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        // One row more than asked tells whether another page follows.
        var rows = await designRequests.ListAfterAsync(caller, request.Stage.FromMessage(), afterId, pageSize + 1, context.CancellationToken);
        var response = new ListDesignRequestsResponse();
        response.DesignRequests.AddRange(rows.Take(pageSize).Select(r => r.ToMessage()));
        if (rows.Count > pageSize)
        {
            response.NextPageToken = rows[pageSize - 1].Id.ToString(CultureInfo.InvariantCulture);
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
}
