using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Portal.Data.Credit;
using Portal.Data.DesignRequests;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Quality;
using Portal.Data.Scorecards;
using Portal.Erp.V1;

namespace Portal.Grpc.Mapping;

/// <summary>
/// Each entity's versioned feed projection as its typed record message, field by field. Enums travel by name: a data
/// enum member and the contract's value share a name (InUse is EQUIPMENT_LOAN_STATE_IN_USE), which
/// <c>FeedRecordMappingTests</c> checks for every member.
/// </summary>
public static class FeedRecordMapping
{
    public static QualityIssueRecord ToRecord(this QualityIssueFeedV1 issue)
    {
        var record = new QualityIssueRecord
        {
            Id = issue.Id,
            Title = issue.Title,
            Description = issue.Description,
            Severity = issue.Severity.ToMessage(),
            State = issue.State.ToMessage(),
            ItemName = issue.ItemName,
            ItemSku = issue.ItemSku,
            PurchaseOrderNumber = issue.PurchaseOrderNumber ?? "",
            DeliveryExternalId = issue.DeliveryExternalId ?? "",
            Lot = issue.Lot ?? "",
            QuantityAffected = issue.QuantityAffected,
            QuantityInspected = issue.QuantityInspected,
            RaisedByName = issue.RaisedByName,
            RaisedByCustomer = issue.RaisedByCustomer,
            RaisedAt = Time(issue.RaisedAt),
            ContainmentDueAt = Time(issue.ContainmentDueAt),
            VerificationAcceptedAt = Time(issue.VerificationAcceptedAt),
            VerificationRejection = issue.VerificationRejection ?? "",
            ClosedAt = Time(issue.ClosedAt),
            RequestId = issue.RequestId ?? "",
        };
        record.Steps.AddRange(issue.Steps.Select(s => new QualityStepRecord
        {
            Step = s.Step.ToString(),
            OwnerName = s.OwnerName ?? "",
            DueAt = Time(s.DueAt),
            DoneAt = Time(s.DoneAt),
            Details = s.Details,
            Done = s.IsDone,
        }));
        return record;
    }

    public static DesignRequestRecord ToRecord(this DesignRequestFeedV1 request) => new()
    {
        Id = request.Id,
        Title = request.Title,
        Application = request.Application,
        OperatingConditions = request.OperatingConditions,
        AnnualVolume = request.AnnualVolume,
        TargetPrice = Money(request.TargetPriceMinor, request.Currency),
        NeededBy = Date(request.NeededBy),
        Standards = request.Standards,
        Description = request.Description,
        Stage = request.Stage.ToMessage(),
        StageOwnerName = request.StageOwnerName ?? "",
        StagePlannedEnd = Date(request.StagePlannedEnd),
        Verdict = request.Verdict is { } verdict
            ? new FeasibilityVerdict
            {
                Verdict = Named<Erp.V1.FitVerdict>(verdict.ToString()),
                Conditions = request.VerdictConditions ?? "",
                AlternativeName = request.AlternativeName ?? "",
                AlternativeReason = request.AlternativeReason ?? "",
                AlternativeLink = request.AlternativeLink ?? "",
                RecordedAt = Time(request.VerdictAt),
            }
            : null,
        RaisedByName = request.RaisedByName ?? "",
        CreatedAt = Time(request.CreatedAt),
        UpdatedAt = Time(request.UpdatedAt),
        Open = request.IsOpen,
    };

    public static CreditLineRecord ToRecord(this CreditLineFeedV1 line) => new()
    {
        Id = line.Id,
        Limit = Money(line.LimitMinor, line.Currency),
        PaymentTermsDays = line.PaymentTermsDays,
        CountOpenOrders = line.CountOpenOrders,
        UpdatedAt = Time(line.UpdatedAt),
    };

    /// <summary><paramref name="invoiceExternalIds"/>: the ERP's ids of the portal's invoices the arrangement defers.</summary>
    public static CreditArrangementRecord ToRecord(this CreditArrangementFeedV1 arrangement, IReadOnlyDictionary<long, string> invoiceExternalIds)
    {
        var record = new CreditArrangementRecord
        {
            Id = arrangement.Id,
            Kind = Named<Erp.V1.CreditArrangementKind>(arrangement.Kind.ToString()),
            State = Named<Erp.V1.CreditArrangementState>(arrangement.State.ToString()),
            Extension = Money(arrangement.ExtensionMinor, arrangement.Currency),
            DeferralDays = arrangement.DeferralDays ?? 0,
            DeferredTo = Date(arrangement.DeferredTo),
            Reason = arrangement.Reason,
            StartsOn = Date(arrangement.StartsOn),
            EndsOn = Date(arrangement.EndsOn),
            RequestedByName = arrangement.RequestedByName,
            RequestedByCustomer = arrangement.RequestedByCustomer,
            RequestedAt = Time(arrangement.RequestedAt),
            DecidedByName = arrangement.DecidedByName ?? "",
            DecidedAt = Time(arrangement.DecidedAt),
            DecisionNote = arrangement.DecisionNote ?? "",
        };
        record.InvoiceExternalIds.AddRange(arrangement.InvoiceIds.Select(id => invoiceExternalIds.GetValueOrDefault(id, "")).Where(id => id.Length > 0));
        return record;
    }

    public static EquipmentLoanRecord ToRecord(this EquipmentLoanFeedV1 loan)
    {
        var record = new EquipmentLoanRecord
        {
            Id = loan.Id,
            EquipmentName = loan.EquipmentName,
            EquipmentModel = loan.EquipmentModel,
            EquipmentSerial = loan.EquipmentSerial,
            EquipmentValue = Money(loan.EquipmentValueMinor, loan.Currency),
            Purpose = loan.Purpose,
            StartsOn = Date(loan.StartsOn),
            EndsOn = Date(loan.EndsOn),
            MonthlyFee = Money(loan.MonthlyFeeMinor, loan.Currency),
            Deposit = Money(loan.DepositMinor, loan.Currency),
            Terms = loan.Terms,
            State = Named<Erp.V1.EquipmentLoanState>(loan.State.ToString()),
            RequestedByName = loan.RequestedByName,
            RequestedByCustomer = loan.RequestedByCustomer,
            RequestedAt = Time(loan.RequestedAt),
            InUseSince = Date(loan.InUseSince),
            ConditionAtShipping = Named<Erp.V1.EquipmentCondition>(loan.ConditionAtShipping?.ToString()),
            ConditionAtReturn = Named<Erp.V1.EquipmentCondition>(loan.ConditionAtReturn?.ToString()),
            ConversionPrice = Money(loan.ConversionPriceMinor, loan.Currency),
            ClosedAt = Time(loan.ClosedAt),
        };
        if (loan.RentCreditPercent is { } percent)
        {
            record.RentCreditPercent = percent;
        }
        return record;
    }

    public static PenaltyCreditRecord ToRecord(this PenaltyCreditFeedV1 credit) => new()
    {
        Id = credit.Id,
        GuaranteeId = credit.GuaranteeId,
        Metric = Named<Erp.V1.GuaranteeMetric>(credit.Metric.ToString()),
        PeriodStart = Date(credit.PeriodStart),
        PeriodEnd = Date(credit.PeriodEnd),
        Amount = Money(credit.AmountMinor, credit.Currency),
        Reason = credit.Reason,
        Measured = (double)credit.Measured,
        Target = (double)credit.Target,
        State = Named<Erp.V1.PenaltyCreditState>(credit.State.ToString()),
        VoidReason = credit.VoidReason ?? "",
    };

    public static ScorecardSnapshotRecord ToRecord(this ScorecardSnapshotFeedV1 snapshot) => new()
    {
        Id = snapshot.Id,
        Year = snapshot.Month.Year,
        Month = snapshot.Month.Month,
        Revision = snapshot.Revision,
        FormulaVersion = snapshot.FormulaVersion,
        Supplier = Side(snapshot.SupplierScore, snapshot.SupplierState),
        Customer = Side(snapshot.CustomerScore, snapshot.CustomerState),
        Reason = snapshot.Reason ?? "",
    };

    public static HealthAlertRecord ToRecord(this HealthAlertFeedV1 alert) => new()
    {
        Id = alert.Id,
        ScorecardId = alert.SnapshotId,
        Year = alert.Month.Year,
        Month = alert.Month.Month,
        Side = Named<Erp.V1.ScorecardSide>(alert.Side),
        FromState = Named<Erp.V1.HealthState>(alert.FromState),
        ToState = Named<Erp.V1.HealthState>(alert.ToState),
        FromScore = (double)alert.FromScore,
        ToScore = (double)alert.ToScore,
        State = Named<HealthAlertState>(alert.State),
        ClosedAt = Time(alert.ClosedAt),
    };

    /// <summary>The contract's value of the data enum member named <paramref name="name"/>; UNSPECIFIED for none or a name it lacks.</summary>
    public static TMessage Named<TMessage>(string? name) where TMessage : struct, System.Enum =>
        name is not null && System.Enum.TryParse<TMessage>(name, out var value) && System.Enum.IsDefined(value) ? value : default;

    private static Erp.V1.SideScore Side(decimal? score, string state)
    {
        var side = new Erp.V1.SideScore { State = Named<Erp.V1.HealthState>(state) };
        if (score is { } s)
        {
            side.Score = (double)s;
        }
        return side;
    }

    private static Money? Money(long? minor, string currency) => minor is { } amount ? ContractTypes.Money(amount, currency) : null;

    private static Google.Type.Date? Date(DateOnly? date) => date.ToMessage();

    private static Timestamp? Time(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
