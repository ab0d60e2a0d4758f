using Portal.Erp.V1;

namespace Portal.ErpSim;

/// <summary>`partnership`: proves the connection end to end by printing the partnership the client is bound to.</summary>
public static class PartnershipCommand
{
    public static async Task RunAsync(PortalConnection connection, TextWriter output, CancellationToken cancellationToken)
    {
        var partnership = await new PartnershipsService.PartnershipsServiceClient(connection.Channel)
            .GetPartnershipAsync(new GetPartnershipRequest(), await connection.HeadersAsync(cancellationToken), cancellationToken: cancellationToken);
        await output.WriteLineAsync($"partnership {partnership.Id}: {partnership.Name}");
        await output.WriteLineAsync($"  customer {partnership.CustomerName}, supplier {partnership.SupplierName}, currency {partnership.CurrencyCode}");
        await output.WriteLineAsync($"  account leads: {partnership.SupplierLeadName} (supplier), {partnership.CustomerLeadName} (customer)");
    }
}
