using Google.Protobuf.WellKnownTypes;
using Portal.Data.Quality;
using Severity = Portal.Data.Quality.Severity;

namespace Portal.Grpc.Mapping;

public static class QualityIssueMapping
{
    public static Erp.V1.QualityIssue ToMessage(this QualityIssue issue)
    {
        var message = new Erp.V1.QualityIssue
        {
            Id = issue.Id,
            Title = issue.Title,
            Description = issue.Description,
            Severity = issue.Severity.ToMessage(),
            State = issue.State.ToMessage(),
            ItemSku = issue.ItemSku,
            ItemName = issue.ItemName,
            PurchaseOrderNumber = issue.PurchaseOrderNumber ?? "",
            DeliveryExternalId = issue.DeliveryExternalId ?? "",
            Lot = issue.Lot ?? "",
            QuantityAffected = issue.QuantityAffected,
            QuantityInspected = issue.QuantityInspected,
            RaisedBy = issue.RaisedByName,
            RaisedAt = Timestamp.FromDateTimeOffset(issue.RaisedAt),
            VerificationAccepted = issue.VerificationAcceptedAt is not null,
            VerificationRejection = issue.VerificationRejection ?? "",
            ClosedAt = issue.ClosedAt is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
        };
        message.Steps.AddRange(issue.Steps.Select(s => new Erp.V1.QualityStep
        {
            Step = s.Step.ToString(),
            Title = s.Step.Title(),
            OwnerName = s.OwnerName ?? "",
            DueAt = Timestamp.FromDateTimeOffset(s.DueAt),
            DoneAt = s.DoneAt is { } done ? Timestamp.FromDateTimeOffset(done) : null,
            Details = s.Details,
        }));
        return message;
    }

    public static Erp.V1.QualityIssueSummary ToMessage(this QualityIssueSummary issue) => new()
    {
        Id = issue.Id,
        Title = issue.Title,
        Severity = issue.Severity.ToMessage(),
        State = issue.State.ToMessage(),
        ItemName = issue.ItemName,
        QuantityAffected = issue.QuantityAffected,
        RaisedAt = Timestamp.FromDateTimeOffset(issue.RaisedAt),
        CurrentStep = issue.CurrentStep?.ToString() ?? "",
        OverdueSteps = issue.OverdueSteps,
    };

    public static Erp.V1.Severity ToMessage(this Severity severity) => severity switch
    {
        Severity.Critical => Erp.V1.Severity.Critical,
        Severity.Major => Erp.V1.Severity.Major,
        _ => Erp.V1.Severity.Minor,
    };

    /// <summary>Null for unspecified: "any" in a filter, missing in a write.</summary>
    public static Severity? FromMessage(this Erp.V1.Severity severity) => severity switch
    {
        Erp.V1.Severity.Critical => Severity.Critical,
        Erp.V1.Severity.Major => Severity.Major,
        Erp.V1.Severity.Minor => Severity.Minor,
        _ => null,
    };

    public static Erp.V1.QualityIssueState ToMessage(this QualityIssueState state) =>
        state == QualityIssueState.Open ? Erp.V1.QualityIssueState.Open : Erp.V1.QualityIssueState.Closed;

    public static QualityIssueState? FromMessage(this Erp.V1.QualityIssueState state) => state switch
    {
        Erp.V1.QualityIssueState.Open => QualityIssueState.Open,
        Erp.V1.QualityIssueState.Closed => QualityIssueState.Closed,
        _ => null,
    };
}
