using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.Credit;
using Portal.Data.Partnerships;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;

namespace Portal.Grpc.Services;

[Authorize(Policy = ErpPolicies.Read)]
public sealed class CreditGrpcService(PartnershipStore partnerships, CreditStore credit, TimeProvider clock) : Erp.V1.CreditService.CreditServiceBase
{
    public override async Task<Erp.V1.CreditPosition> GetCreditPosition(GetCreditPositionRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var id = request.HasPartnershipId ? request.PartnershipId : caller.PartnershipIds.Single();
        // Out of scope reads exactly like not existing; a partnership of the caller's without a line is a state to fix first.
        if (await partnerships.GetAsync(caller, id, context.CancellationToken) is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Partnership {id} was not found."));
        }
        var asOf = clock.GetUtcNow();
        var standing = await credit.GetStandingAsync(caller, id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "This partnership has no credit line yet; the supplier's Finance team sets it up."));
        return standing.ToMessage(asOf);
    }
}
