using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.Database;
using Portal.Data.Partnerships;
using Portal.Data.Scorecards;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;

namespace Portal.Grpc.Services;

[Authorize(Policy = ErpPolicies.Read)]
public sealed class ScorecardGrpcService(PartnershipStore partnerships, ScorecardStore scorecards, PageTokens tokens) : Erp.V1.ScorecardService.ScorecardServiceBase
{
    private const int DefaultPageSize = 12;
    private const int MaxPageSize = 24;
    private const string List = "scorecards";

    public override async Task<GetScorecardResponse> GetScorecard(GetScorecardRequest request, ServerCallContext context)
    {
        DateOnly? month = null;
        if (request.Year != 0 || request.Month != 0)
        {
            if (request.Year is < 2000 or > 9999 || request.Month is < 1 or > 12)
            {
                throw new ValidationException(new Dictionary<string, string> { ["month"] = "Give a calendar year and month (1 to 12), or neither for the latest month." });
            }
            month = new DateOnly(request.Year, request.Month, 1);
        }
        var caller = context.Caller();
        var id = await PartnershipAsync(caller, request.HasPartnershipId ? request.PartnershipId : null, context);
        var view = await scorecards.GetAsync(caller, id, month, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, month is { } m ? $"No scorecard for {m:yyyy-MM}." : "No month has been scored yet."));
        return new GetScorecardResponse { Scorecard = view.Current.ToMessage() };
    }

    public override async Task<ListScorecardsResponse> ListScorecards(ListScorecardsRequest request, ServerCallContext context)
    {
        var errors = new Dictionary<string, string>();
        var pageSize = PageTokens.PageSize(request.PageSize, DefaultPageSize, MaxPageSize, errors);
        DateOnly? before = null;
        if (request.PageToken.Length > 0)
        {
            before = Decode(request.PageToken);
            if (before is null) errors["page_token"] = "Pass back the next_page_token of the previous answer, unchanged.";
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var caller = context.Caller();
        var id = await PartnershipAsync(caller, request.HasPartnershipId ? request.PartnershipId : null, context);
        // One month more than asked tells whether another page follows; the token is the last month given (keyset).
        var months = await scorecards.GetPageAsync(caller, id, before, pageSize + 1, context.CancellationToken);
        var response = new ListScorecardsResponse { TotalSize = (int)await scorecards.CountMonthsAsync(caller, id, context.CancellationToken) };
        response.Scorecards.AddRange(months.Take(pageSize).Select(m => m.ToMessage()));
        if (months.Count > pageSize)
        {
            response.NextPageToken = Encode(months[pageSize - 1].Snapshot.Month);
        }
        return response;
    }

    // Out of scope reads exactly like not existing.
    private async Task<long> PartnershipAsync(Portal.Data.Tenancy.CallerScope caller, long? requested, ServerCallContext context)
    {
        var id = requested ?? caller.PartnershipIds.Single();
        return await partnerships.GetAsync(caller, id, context.CancellationToken) is null
            ? throw new RpcException(new Status(StatusCode.NotFound, $"Partnership {id} was not found."))
            : id;
    }

    private string Encode(DateOnly month) => tokens.Encode(List, month.ToString("yyyy-MM", CultureInfo.InvariantCulture));

    private DateOnly? Decode(string token) =>
        tokens.Decode(token, List) is { } text
        && DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;
}
