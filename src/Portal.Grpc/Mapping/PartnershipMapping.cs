namespace Portal.Grpc.Mapping;

public static class PartnershipMapping
{
    public static Erp.V1.Partnership ToMessage(this Data.Partnerships.Partnership partnership) => new()
    {
        Id = partnership.Id,
        Name = partnership.Name,
        CustomerName = partnership.CustomerName,
        SupplierName = partnership.SupplierName,
        CurrencyCode = partnership.Currency,
        SupplierLeadName = partnership.SupplierLeadName ?? "",
        CustomerLeadName = partnership.CustomerLeadName ?? "",
    };
}
