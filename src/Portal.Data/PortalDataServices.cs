using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.ChangeFeed;
using Portal.Data.Changes;
using Portal.Data.Credit;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Notifications;
using Portal.Data.Profiles;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Quality;
using Portal.Data.Reviews;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Scorecards;
using Portal.Data.SharedKeys;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Data.Work;

namespace Portal.Data;

public static class PortalDataServices
{
    /// <summary>
    /// Stores are stateless (they open a connection per call), so one instance each serves every request. The host
    /// registers the options, the clock and (for <see cref="SharedKeyStore"/>) the key cipher; a registration made
    /// before this call wins, so tests hand in their own database and clock.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services)
    {
        services.TryAddSingleton<PortalDatabase>();
        services.TryAddSingleton<Migrator>();
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<ChangeFeedWriter>();
        services.TryAddSingleton<ChangeRecorder>();
        services.TryAddSingleton<ChangeFeedStore>();
        services.TryAddSingleton<FeedReadStore>();
        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<NotificationStore>();
        services.TryAddSingleton<NoticeDigestStore>();
        services.TryAddSingleton<ProfileStore>();
        services.TryAddSingleton<OrganisationStore>();
        services.TryAddSingleton<PartnershipStore>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<ScopeStore>();
        services.TryAddSingleton<ErpClientStore>();
        services.TryAddSingleton<ErpRecordStore>();
        services.TryAddSingleton<ErpSyncStore>();
        services.TryAddSingleton<WorkStore>();
        services.TryAddSingleton<QualityIssueStore>();
        services.TryAddSingleton<QualityWorkflowStore>();
        services.TryAddSingleton<QualityMetricsStore>();
        services.TryAddSingleton<ContainmentTargetStore>();
        services.TryAddSingleton<AttachmentStore>();
        services.TryAddSingleton<DesignRequestStore>();
        services.TryAddSingleton<GuaranteeStore>();
        services.TryAddSingleton<GuaranteeMetricsStore>();
        services.TryAddSingleton<PenaltyCreditStore>();
        services.TryAddSingleton<GuaranteeEvaluator>();
        services.TryAddSingleton<EquipmentStore>();
        services.TryAddSingleton<LoanStore>();
        services.TryAddSingleton<CreditStore>();
        services.TryAddSingleton<CreditAlertStore>();
        services.TryAddSingleton<SharedKeyStore>();
        // The agenda's sources, in the agenda's first order; each is one class.
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IAgendaSource, HealthAgendaSource>(),
            ServiceDescriptor.Singleton<IAgendaSource, GuaranteeAgendaSource>(),
            ServiceDescriptor.Singleton<IAgendaSource, QualityAgendaSource>(),
            ServiceDescriptor.Singleton<IAgendaSource, DesignAgendaSource>(),
            ServiceDescriptor.Singleton<IAgendaSource, CreditAgendaSource>(),
            ServiceDescriptor.Singleton<IAgendaSource, LoanAgendaSource>(),
            ServiceDescriptor.Singleton<IAgendaSource, ActionItemAgendaSource>(),
        ]);
        services.TryAddSingleton<AgendaBuilder>();
        services.TryAddSingleton<ReviewStore>();
        services.TryAddSingleton<MeetingStore>();
        services.TryAddSingleton<ActionItemStore>();
        services.TryAddSingleton<DigestStore>();
        // Digests stay in the portal unless a deployment registers a sender of its own.
        services.TryAddSingleton<IDigestSender, KeepInPortalDigestSender>();
        services.TryAddSingleton<ScorecardMetricsStore>();
        services.TryAddSingleton<ScorecardTargetStore>();
        services.TryAddSingleton<ScorecardCalculator>();
        services.TryAddSingleton<ScorecardStore>();
        services.TryAddSingleton<HealthAlertStore>();
        services.TryAddSingleton<PortfolioStore>();
        return services;
    }
}
