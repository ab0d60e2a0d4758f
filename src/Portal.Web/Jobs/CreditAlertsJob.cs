using Hangfire;
using Portal.Data.Credit;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily credit alerts: the recurring run only fans out, one short job per partnership with a credit line, so a slow
/// partnership never holds the others and a retry repeats one partnership's work. Each is idempotent by the
/// credit_alerts key, so Hangfire's at-least-once runs send every alert once.
/// </summary>
public sealed class CreditAlertsJob(CreditAlertStore alerts, IBackgroundJobClient jobs, ILogger<CreditAlertsJob> logger)
{
    public const string Id = "credit-alerts";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var partnerships = await alerts.PartnershipsWithLinesAsync(cancellationToken);
        foreach (var partnershipId in partnerships)
        {
            jobs.Enqueue<CreditAlertsJob>(j => j.RunForPartnershipAsync(partnershipId, CancellationToken.None));
        }
        logger.LogInformation("Credit alerts queued for {Count} partnerships", partnerships.Count);
    }

    public async Task RunForPartnershipAsync(long partnershipId, CancellationToken cancellationToken)
    {
        var fired = await alerts.RaiseDueAsync(CallerScope.ForSystem(Id, partnershipId), partnershipId, cancellationToken);
        logger.LogInformation("Credit alerts for partnership {PartnershipId}: {Fired} fired", partnershipId, fired);
    }
}
