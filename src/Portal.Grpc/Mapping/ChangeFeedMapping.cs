using Google.Protobuf.WellKnownTypes;
using Portal.Data.ChangeFeed;
using Portal.Data.Credit;
using Portal.Data.DesignRequests;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Quality;
using Portal.Data.Reviews;
using Portal.Data.Scorecards;
using Portal.Erp.V1;

namespace Portal.Grpc.Mapping;

public static class ChangeFeedMapping
{
    /// <summary>
    /// The entry with its stored projection as the entity's record message, carrying its <see cref="FeedCursors">cursor</see>.
    /// <paramref name="invoiceExternalIds"/> holds the ERP's ids of the invoices that credit arrangements in the page defer
    /// (<see cref="InvoiceIds"/>).
    /// </summary>
    public static Change ToMessage(this ChangeFeedEntry entry, string cursor, FeedProjection projection, IReadOnlyDictionary<long, string> invoiceExternalIds)
    {
        var (action, step) = ChangeActions.Of(entry.Entity, entry.Change);
        var change = new Change
        {
            Cursor = cursor,
            Position = entry.Position,
            OccurredAt = Timestamp.FromDateTimeOffset(entry.OccurredAt),
            Entity = entry.Entity.ToMessage(),
            EntityId = entry.EntityId,
            Action = action,
            Step = step?.ToString() ?? "",
        };
        switch (projection)
        {
            case QualityIssueFeedV1 issue: change.QualityIssue = issue.ToRecord(); break;
            case DesignRequestFeedV1 request: change.DesignRequest = request.ToRecord(); break;
            case CreditLineFeedV1 line: change.CreditLine = line.ToRecord(); break;
            case CreditArrangementFeedV1 arrangement: change.CreditArrangement = arrangement.ToRecord(invoiceExternalIds); break;
            case EquipmentLoanFeedV1 loan: change.EquipmentLoan = loan.ToRecord(); break;
            case PenaltyCreditFeedV1 credit: change.PenaltyCredit = credit.ToRecord(); break;
            case ActionItemFeedV1 item: change.ActionItem = item.ToMessage(); break;
            case ScorecardSnapshotFeedV1 snapshot: change.ScorecardSnapshot = snapshot.ToRecord(); break;
            case HealthAlertFeedV1 alert: change.HealthAlert = alert.ToRecord(); break;
            default: throw new InvalidOperationException($"No record message for {projection.GetType().Name}.");
        }
        return change;
    }

    /// <summary>The portal's invoice ids that the credit arrangements among <paramref name="projections"/> defer.</summary>
    public static IReadOnlyList<long> InvoiceIds(IEnumerable<FeedProjection> projections) =>
        projections.OfType<CreditArrangementFeedV1>().SelectMany(a => a.InvoiceIds).Distinct().ToList();

    public static ChangeEntity ToMessage(this FeedEntity entity) => entity switch
    {
        FeedEntity.QualityIssue => ChangeEntity.QualityIssue,
        FeedEntity.DesignRequest => ChangeEntity.DesignRequest,
        FeedEntity.CreditLine => ChangeEntity.CreditLine,
        FeedEntity.CreditArrangement => ChangeEntity.CreditArrangement,
        FeedEntity.EquipmentLoan => ChangeEntity.EquipmentLoan,
        FeedEntity.PenaltyCredit => ChangeEntity.PenaltyCredit,
        FeedEntity.ActionItem => ChangeEntity.ActionItem,
        FeedEntity.ScorecardSnapshot => ChangeEntity.ScorecardSnapshot,
        FeedEntity.HealthAlert => ChangeEntity.HealthAlert,
        _ => ChangeEntity.Unspecified,
    };
}
