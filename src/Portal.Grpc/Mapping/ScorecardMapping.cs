using Google.Protobuf.WellKnownTypes;
using Portal.Data.Scorecards;
using Portal.Erp.V1;
using DataState = Portal.Data.Scorecards.HealthState;
using DataSide = Portal.Data.Scorecards.ScorecardSide;

namespace Portal.Grpc.Mapping;

public static class ScorecardMapping
{
    public static Scorecard ToMessage(this ScorecardMonth month)
    {
        var s = month.Snapshot;
        var message = new Scorecard
        {
            Id = s.Id,
            PartnershipId = s.PartnershipId,
            Year = s.Month.Year,
            Month = s.Month.Month,
            Revision = s.Revision,
            FormulaVersion = s.FormulaVersion,
            Currency = s.Currency,
            Supplier = Side(s.SupplierScore, s.SupplierState),
            Customer = Side(s.CustomerScore, s.CustomerState),
            ComputedAt = Timestamp.FromDateTimeOffset(s.ComputedAt),
            Reason = s.Reason ?? "",
        };
        message.Metrics.AddRange(month.Metrics.Select(m =>
        {
            var metric = new Erp.V1.ScorecardMetric
            {
                Metric = m.Metric.ToString(),
                Side = m.Side == DataSide.Supplier ? Erp.V1.ScorecardSide.Supplier : Erp.V1.ScorecardSide.Customer,
                Label = m.Definition.Label,
                Unit = m.Definition.Unit,
                Numerator = m.Numerator,
                Denominator = m.Denominator,
                Target = (double)m.Target,
                Floor = (double)m.Floor,
                Weight = m.Weight,
                State = m.State.ToMessage(),
            };
            if (m.Value is { } value) metric.Value = (double)value;
            if (m.Score is { } score) metric.Score = (double)score;
            return metric;
        }));
        return message;
    }

    public static Erp.V1.HealthState ToMessage(this DataState state) => state switch
    {
        DataState.Green => Erp.V1.HealthState.Green,
        DataState.Amber => Erp.V1.HealthState.Amber,
        DataState.Red => Erp.V1.HealthState.Red,
        DataState.NoData => Erp.V1.HealthState.NoData,
        DataState.InsufficientData => Erp.V1.HealthState.InsufficientData,
        _ => Erp.V1.HealthState.Unspecified,
    };

    private static Erp.V1.SideScore Side(decimal? score, DataState state)
    {
        var side = new Erp.V1.SideScore { State = state.ToMessage() };
        if (score is { } s) side.Score = (double)s;
        return side;
    }
}
