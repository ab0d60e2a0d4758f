using Portal.Data.ChangeFeed;
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

namespace Portal.Web.Hosting;

public static class DataServices
{
    /// <summary>Stores are stateless (they open a connection per call), so one instance each serves every request.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services)
    {
        services.AddSingleton<PortalDatabase>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ChangeFeedWriter>();
        services.AddSingleton<ChangeFeedStore>();
        services.AddSingleton<FeedReadStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<OrganisationStore>();
        services.AddSingleton<PartnershipStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ScopeStore>();
        services.AddSingleton<ErpClientStore>();
        services.AddSingleton<ErpRecordStore>();
        services.AddSingleton<ErpSyncStore>();
        services.AddSingleton<WorkStore>();
        services.AddSingleton<QualityIssueStore>();
        services.AddSingleton<QualityWorkflowStore>();
        services.AddSingleton<QualityMetricsStore>();
        services.AddSingleton<ContainmentTargetStore>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<DesignRequestStore>();
        services.AddSingleton<GuaranteeStore>();
        services.AddSingleton<GuaranteeMetricsStore>();
        services.AddSingleton<PenaltyCreditStore>();
        services.AddSingleton<GuaranteeEvaluator>();
        services.AddSingleton<EquipmentStore>();
        services.AddSingleton<LoanStore>();
        services.AddSingleton<CreditStore>();
        services.AddSingleton<CreditAlertStore>();
        services.AddSingleton<SharedKeyStore>();
        // The agenda's sources, in the agenda's first order; each is one class.
        services.AddSingleton<IAgendaSource, HealthAgendaSource>();
        services.AddSingleton<IAgendaSource, GuaranteeAgendaSource>();
        services.AddSingleton<IAgendaSource, QualityAgendaSource>();
        services.AddSingleton<IAgendaSource, DesignAgendaSource>();
        services.AddSingleton<IAgendaSource, CreditAgendaSource>();
        services.AddSingleton<IAgendaSource, LoanAgendaSource>();
        services.AddSingleton<IAgendaSource, ActionItemAgendaSource>();
        services.AddSingleton<AgendaBuilder>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<ActionItemStore>();
        services.AddSingleton<DigestStore>();
        // Digests stay in the portal unless a deployment registers a sender of its own.
        services.AddSingleton<IDigestSender, KeepInPortalDigestSender>();
        services.AddSingleton<ScorecardMetricsStore>();
        services.AddSingleton<ScorecardTargetStore>();
        services.AddSingleton<ScorecardCalculator>();
        services.AddSingleton<ScorecardStore>();
        services.AddSingleton<HealthAlertStore>();
        return services;
    }
}
