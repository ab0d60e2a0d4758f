using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.Partnerships;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;

namespace Portal.Grpc.Services;

[Authorize(Policy = ErpPolicies.Read)]
public sealed class PartnershipsGrpcService(PartnershipStore partnerships) : PartnershipsService.PartnershipsServiceBase
{
    public override async Task<Erp.V1.Partnership> GetPartnership(GetPartnershipRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var id = request.HasId ? request.Id : caller.PartnershipIds.Single();
        var partnership = await partnerships.GetAsync(caller, id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Partnership {id} was not found."));
        return partnership.ToMessage();
    }
}
