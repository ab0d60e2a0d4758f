using System.Globalization;
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
            Limit = Money(position.LimitMinor, currency),
            EffectiveLimit = Money(position.EffectiveLimitMinor, currency),
            Exposure = Money(position.ExposureMinor, currency),
            Available = Money(position.AvailableMinor, currency),
            Overdue = Money(position.OverdueMinor, currency),
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
            StartsOn = Date(arrangement.StartsOn),
            EndsOn = Date(arrangement.EndsOn),
            Reason = arrangement.Reason,
            DeferralDays = arrangement.DeferralDays ?? 0,
            DeferredTo = arrangement.DeferredTo is { } to ? Date(to) : "",
        };
        if (arrangement.ExtensionMinor is { } extension)
        {
            message.Extension = Money(extension, arrangement.Currency);
        }
        message.InvoiceExternalIds.AddRange(arrangement.InvoiceIds.Select(id => externalIds.GetValueOrDefault(id, "")).Where(id => id.Length > 0));
        return message;
    }

    private static Money Money(long minor, string currency) => new() { AmountMinor = minor, Currency = currency };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
