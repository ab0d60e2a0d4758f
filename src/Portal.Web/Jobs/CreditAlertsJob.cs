using Hangfire;
using Portal.Data.Credit;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>Daily credit alerts, for each partnership with a credit line; idempotent by the credit_alerts key, so every alert is sent once.</summary>
public sealed class CreditAlertsJob(CreditAlertStore alerts, IBackgroundJobClient jobs, ILogger<CreditAlertsJob> logger)
    : PartnershipFanOutJob<CreditAlertsJob>(Id, jobs, logger)
{
    public const string Id = "credit-alerts";

    protected override Task<IReadOnlyList<long>> PartnershipsAsync(CancellationToken cancellationToken) => alerts.PartnershipsWithLinesAsync(cancellationToken);

    protected override async Task<string> RunAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken) =>
        $"{await alerts.RaiseDueAsync(scope, partnershipId, cancellationToken)} alerts fired";
}
