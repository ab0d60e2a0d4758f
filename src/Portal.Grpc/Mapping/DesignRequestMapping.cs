using Google.Protobuf.WellKnownTypes;
using Portal.Data.DesignRequests;
using Portal.Erp.V1;

namespace Portal.Grpc.Mapping;

public static class DesignRequestMapping
{
    public static Erp.V1.DesignRequest ToMessage(this Data.DesignRequests.DesignRequest request)
    {
        var message = new Erp.V1.DesignRequest
        {
            Id = request.Id,
            PartnershipId = request.PartnershipId,
            Title = request.Title,
            Application = request.Application,
            OperatingConditions = request.OperatingConditions,
            AnnualVolume = request.AnnualVolume,
            NeededBy = request.NeededBy.ToMessage(),
            Standards = request.Standards,
            Description = request.Description,
            Stage = request.Stage.ToMessage(),
            StageOwnerName = request.StageOwnerName ?? "",
            StagePlannedEnd = request.StagePlannedEnd.ToMessage(),
            CreatedAt = Timestamp.FromDateTimeOffset(request.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(request.UpdatedAt),
        };
        if (request.TargetPriceMinor is { } price)
        {
            message.TargetPrice = ContractTypes.Money(price, request.Currency);
        }
        if (request.Verdict is { } verdict)
        {
            message.Verdict = new FeasibilityVerdict
            {
                Verdict = verdict switch
                {
                    Data.DesignRequests.FitVerdict.Fit => Erp.V1.FitVerdict.Fit,
                    Data.DesignRequests.FitVerdict.Marginal => Erp.V1.FitVerdict.Marginal,
                    _ => Erp.V1.FitVerdict.NotAFit,
                },
                Conditions = request.VerdictConditions ?? "",
                AlternativeName = request.AlternativeName ?? "",
                AlternativeReason = request.AlternativeReason ?? "",
                AlternativeLink = request.AlternativeLink ?? "",
                RecordedAt = request.VerdictAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            };
        }
        return message;
    }

    /// <summary>The full picture for GetDesignRequest. Internal notes never get here: the store leaves them out for ERP scopes, and this skips them too.</summary>
    public static Erp.V1.DesignRequest ToMessage(this DesignRequestDetails details)
    {
        var message = details.Request.ToMessage();
        message.Stages.AddRange(details.Stages.Select(s => new StageEntry
        {
            Stage = s.Stage.ToMessage(),
            OwnerName = s.OwnerName ?? "",
            StartedOn = s.StartedOn.ToMessage(),
            PlannedEnd = s.PlannedEnd.ToMessage(),
            EndedOn = s.EndedOn.ToMessage(),
        }));
        message.Comments.AddRange(details.Comments.Where(c => !c.IsInternal).Select(c => new Comment
        {
            AuthorName = c.AuthorName,
            Body = c.Body,
            CreatedAt = Timestamp.FromDateTimeOffset(c.CreatedAt),
        }));
        return message;
    }

    public static Erp.V1.DesignStage ToMessage(this Data.DesignRequests.DesignStage stage) => (Erp.V1.DesignStage)((int)stage + 1);

    /// <summary>Null for "every stage".</summary>
    public static Data.DesignRequests.DesignStage? FromMessage(this Erp.V1.DesignStage stage) =>
        stage == Erp.V1.DesignStage.Unspecified ? null : (Data.DesignRequests.DesignStage)((int)stage - 1);
}
