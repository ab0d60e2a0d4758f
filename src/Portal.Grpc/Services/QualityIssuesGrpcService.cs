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
        // The token holds the last id of the previous page (keyset paging never skips or repeats an issue when others are
        // raised) and the filter, so that a token sent with another filter is refused rather than paging another list.
        var filterText = string.Create(CultureInfo.InvariantCulture, $"{(int)request.State}:{(int)request.Severity}");
        long afterId = 0;
        if (request.PageToken.Length > 0 && !TryDecode(request.PageToken, filterText, out afterId))
        {
            errors["page_token"] = "Send back a next_page_token exactly as received, with the same state and severity.";
        }
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
            NextPageToken = rows.Count > pageSize ? tokens.Encode(List, string.Create(CultureInfo.InvariantCulture, $"{filterText}:{rows[pageSize - 1].Id}")) : "",
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

    private bool TryDecode(string token, string filterText, out long afterId)
    {
        afterId = 0;
        var position = tokens.Decode(token, List);
        return position is not null && position.StartsWith(filterText + ":", StringComparison.Ordinal)
            && long.TryParse(position.AsSpan(filterText.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out afterId) && afterId > 0;
    }
}
