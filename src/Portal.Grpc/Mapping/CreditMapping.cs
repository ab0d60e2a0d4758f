using Google.Protobuf.WellKnownTypes;
using Portal.Data.Credit;
using Portal.Erp.V1;

namespace Portal.Grpc.Mapping;

public static class CreditMapping
{
    public static Erp.V1.CreditPosition ToMessage(this CreditStanding standing, DateTimeOffset asOf)
    {
        var (position, currency) = (standing.Position, standing.Line.Currency);
        var message = new Erp.V1.CreditPosition
        {
            Limit = ContractTypes.Money(position.LimitMinor, currency),
            EffectiveLimit = ContractTypes.Money(position.EffectiveLimitMinor, currency),
            Exposure = ContractTypes.Money(position.ExposureMinor, currency),
            Available = ContractTypes.Money(position.AvailableMinor, currency),
            Overdue = ContractTypes.Money(position.OverdueMinor, currency),
            AsOf = Timestamp.FromDateTimeOffset(asOf),
            PaymentTermsDays = standing.Line.PaymentTermsDays,
        };
        if (position.UtilisationPercent is { } utilisation)
        {
            message.UtilisationPercent = (double)utilisation;
        }
        message.ActiveArrangements.AddRange(standing.Active.Select(a => a.ToMessage(standing.InvoiceExternalIds)));
        message.Warnings.AddRange(position.Warnings);
        return message;
    }

    private static Erp.V1.CreditArrangement ToMessage(this Data.Credit.CreditArrangement arrangement, IReadOnlyDictionary<long, string> externalIds)
    {
        var message = new Erp.V1.CreditArrangement
        {
            Id = arrangement.Id,
            Kind = arrangement.Kind == Data.Credit.CreditArrangementKind.TemporaryExtension
                ? Erp.V1.CreditArrangementKind.TemporaryExtension
                : Erp.V1.CreditArrangementKind.HardshipDeferral,
            StartsOn = arrangement.StartsOn.ToMessage(),
            EndsOn = arrangement.EndsOn.ToMessage(),
            Reason = arrangement.Reason,
            DeferralDays = arrangement.DeferralDays ?? 0,
            DeferredTo = arrangement.DeferredTo.ToMessage(),
        };
        if (arrangement.ExtensionMinor is { } extension)
        {
            message.Extension = ContractTypes.Money(extension, arrangement.Currency);
        }
        message.InvoiceExternalIds.AddRange(arrangement.InvoiceIds.Select(id => externalIds.GetValueOrDefault(id, "")).Where(id => id.Length > 0));
        return message;
    }
}
