using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;
using QualityIssue = Portal.Erp.V1.QualityIssue;

namespace Portal.Grpc.Services;

// Policies per method, not on the class: attributes on both would require both scopes for the write.
public sealed class QualityIssuesGrpcService(QualityIssueStore issues, PageTokens tokens) : QualityIssuesService.QualityIssuesServiceBase
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;
    private const string List = "quality_issues";

    [Authorize(Policy = ErpPolicies.Read)]
    public override async Task<ListQualityIssuesResponse> ListQualityIssues(ListQualityIssuesRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var errors = new Dictionary<string, string>();
        var pageSize = PageTokens.PageSize(request.PageSize, DefaultPageSize, MaxPageSize, errors);
        var filterText = string.Create(CultureInfo.InvariantCulture, $"{(int)request.State}:{(int)request.Severity}");
        var afterId = tokens.DecodeAfterId(request.PageToken, List, filterText, errors, "state and severity");
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var filter = new QualityIssueFilter(request.State.FromMessage(), request.Severity.FromMessage(), null, false);
        // One row more than asked tells whether another page follows.
        var (rows, total) = await issues.ListAfterAsync(caller, caller.PartnershipIds.Single(), filter, afterId, pageSize + 1, context.CancellationToken);
        var response = new ListQualityIssuesResponse
        {
            TotalSize = (int)total,
            NextPageToken = rows.Count > pageSize ? tokens.EncodeAfterId(List, filterText, rows[pageSize - 1].Id) : "",
        };
        response.QualityIssues.AddRange(rows.Take(pageSize).Select(i => i.ToMessage()));
        return response;
    }

    [Authorize(Policy = ErpPolicies.Read)]
    public override async Task<QualityIssue> GetQualityIssue(GetQualityIssueRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var issue = await issues.GetAsync(caller, request.Id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Quality issue {request.Id} was not found."));
        return issue.ToMessage();
    }

    [Authorize(Policy = ErpPolicies.Sync)]
    public override async Task<RaiseQualityIssueResponse> RaiseQualityIssue(RaiseQualityIssueRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var (issue, created) = await issues.RaiseFromErpAsync(caller, new ErpQualityIssue(request.RequestId, request.DeliveryExternalId, request.DeliveryLineNo,
            request.Title, request.Description, request.Severity.FromMessage(), request.QuantityAffected, request.QuantityInspected), context.CancellationToken);
        return new RaiseQualityIssueResponse { Issue = issue.ToMessage(), Created = created };
    }
}
