using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Tenancy;

/// <summary>
/// Customer A (Nordlab) as the probes see it from outside: the ids they will try, and the words that must never
/// appear in anything served to customer B's people or ERP client.
/// </summary>
/// <remarks>
/// Other test classes share the portal and change A in their own ways at the same time (they add people of their
/// own, read their own notifications), so the snapshot covers exactly the rows that the probes aim at.
/// </remarks>
public sealed record CustomerA(long PartnershipId, long OrganisationId, long EngineerId, long LeadId, long LeadNotificationId, long NotificationId, long SupplierLeadId, IReadOnlyList<long> PeopleIds,
    long QualityIssueId, string DeliveryExternalId, long DesignRequestId, long AttachmentId, string ErpClientId, long GuaranteeId, long PenaltyCreditId, long LoanId, long LoanEquipmentId, long CreditArrangementId, long OpenInvoiceId, string OrderExternalId, int OrderLineNo, string InvoiceExternalId,
    long ScheduledReviewId, long ClosedReviewId, long AgendaItemId, long ActionItemId, long CustomerActionItemId, long HealthAlertId)
{
    public static readonly string[] Markers = ["Nordlab", "nordlab", "Nina Holm", "Leo Nystr"];

    public static async Task<CustomerA> LoadAsync(PortalFactory portal)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var ids = await connection.QuerySingleAsync<(long PartnershipId, long OrganisationId, long LeadId, long SupplierLeadId)>(
            "SELECT p.id, p.customer_org_id, p.customer_lead_user_id, p.supplier_lead_user_id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @Name",
            new { DemoData.Nordlab.Name });
        var engineerId = await connection.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email = 'nina.engineer@nordlab.example'");
        var leadNotificationId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM notifications WHERE user_id = @LeadId", new { ids.LeadId });
        // The probes aim at the supplier lead's notification on A: no other test opens it.
        var notificationId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM notifications WHERE user_id = @SupplierLeadId AND partnership_id = @PartnershipId", new { ids.SupplierLeadId, ids.PartnershipId });
        // The demo's overdue Critical issue: no test but the probes touches it.
        var qualityIssueId = await connection.ExecuteScalarAsync<long>(
            "SELECT id FROM quality_issues WHERE partnership_id = @PartnershipId AND severity = 'Critical' AND request_id IS NULL ORDER BY id LIMIT 1", new { ids.PartnershipId });
        // A delivery that only A has: B's client must not be able to raise against it even by guessing its id.
        var deliveryExternalId = await connection.ExecuteScalarAsync<string>(
            "SELECT external_id FROM deliveries WHERE partnership_id = @PartnershipId AND external_id NOT IN (SELECT external_id FROM deliveries WHERE partnership_id <> @PartnershipId) ORDER BY id DESC LIMIT 1",
            new { ids.PartnershipId });
        // An order line and an invoice that only A has (B's seed reuses A's order numbers, not all their lines): B's client
        // must not be able to reference them by guessing.
        var orderLine = await connection.QueryFirstAsync<(string ExternalId, int LineNo)>(
            """
            SELECT po.external_id, l.line_no FROM purchase_orders po JOIN purchase_order_lines l ON l.purchase_order_id = po.id
            WHERE po.partnership_id = @PartnershipId AND NOT EXISTS (
                SELECT 1 FROM purchase_orders o2 JOIN purchase_order_lines l2 ON l2.purchase_order_id = o2.id
                WHERE o2.partnership_id <> @PartnershipId AND o2.external_id = po.external_id AND l2.line_no = l.line_no)
            ORDER BY l.id DESC
            """, new { ids.PartnershipId });
        var invoiceExternalId = await connection.ExecuteScalarAsync<string>(
            "SELECT external_id FROM invoices WHERE partnership_id = @PartnershipId AND external_id NOT IN (SELECT external_id FROM invoices WHERE partnership_id <> @PartnershipId) ORDER BY id DESC LIMIT 1",
            new { ids.PartnershipId });
        // A seeded request in Feasibility: every action of the details page applies to it. No other test changes seeded requests.
        var designRequestId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM design_requests WHERE partnership_id = @PartnershipId AND stage = 'Feasibility'", new { ids.PartnershipId });
        var attachmentId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM attachments WHERE partnership_id = @PartnershipId", new { ids.PartnershipId });
        // The demo's first guarantee of A and its oldest credit: no other test changes A's guarantees or voids A's credits.
        var guaranteeId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM guarantees WHERE partnership_id = @PartnershipId", new { ids.PartnershipId });
        var penaltyCreditId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM penalty_credits WHERE partnership_id = @PartnershipId", new { ids.PartnershipId });
        // The demo's shipped loan (customer confirmation pending): no test but the probes touches it.
        var loan = await connection.QuerySingleAsync<(long Id, long EquipmentId)>(
            "SELECT id, equipment_id FROM equipment_loans WHERE partnership_id = @PartnershipId AND state = 'Shipped' ORDER BY id LIMIT 1", new { ids.PartnershipId });
        // The demo's pending credit request of A (no other test decides it) and an invoice of A that is still open.
        var creditArrangementId = await connection.ExecuteScalarAsync<long>(
            "SELECT MIN(id) FROM credit_arrangements WHERE partnership_id = @PartnershipId AND state = 'Requested'", new { ids.PartnershipId });
        var openInvoiceId = await connection.ExecuteScalarAsync<long>(
            "SELECT MIN(i.id) FROM invoices i WHERE i.partnership_id = @PartnershipId AND i.amount_minor > (SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id)",
            new { ids.PartnershipId });
        // The demo's review of next week (scheduled) and its first review (closed), with an agenda item and an open action item of it.
        // The demo's own scheduled review (the first): tests that schedule reviews of their own may close them meanwhile.
        var scheduledReviewId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM reviews WHERE partnership_id = @PartnershipId AND state = 'Scheduled'", new { ids.PartnershipId });
        var closedReviewId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM reviews WHERE partnership_id = @PartnershipId AND state = 'Closed'", new { ids.PartnershipId });
        var agendaItemId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM review_agenda_items WHERE review_id = @closedReviewId", new { closedReviewId });
        var actionItemId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM review_action_items WHERE review_id = @closedReviewId AND state = 'Open'", new { closedReviewId });
        // An action item of A's people (the kind the ERP reads): B's client must not read it by guessing its id.
        var customerActionItemId = await connection.ExecuteScalarAsync<long>(
            "SELECT MIN(id) FROM review_action_items WHERE partnership_id = @PartnershipId AND owner_customer = @Customer", new { ids.PartnershipId, Customer = true });
        // The demo's open health alert of A: the probes try to close it; the page tests close alerts of their own.
        var healthAlertId = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM health_alerts WHERE partnership_id = @PartnershipId AND state = 'Open'", new { ids.PartnershipId });
        return new CustomerA(ids.PartnershipId, ids.OrganisationId, engineerId, ids.LeadId, leadNotificationId, notificationId, ids.SupplierLeadId, [engineerId, ids.LeadId],
            qualityIssueId, deliveryExternalId ?? throw new InvalidOperationException("The demo gave customer A no delivery of its own."),
            designRequestId, attachmentId, DemoData.Nordlab.ErpClientId, guaranteeId, penaltyCreditId, loan.Id, loan.EquipmentId, creditArrangementId, openInvoiceId,
            orderLine.ExternalId, orderLine.LineNo,
            invoiceExternalId ?? throw new InvalidOperationException("The demo gave customer A no invoice of its own."),
            scheduledReviewId, closedReviewId, agendaItemId, actionItemId, customerActionItemId, healthAlertId);
    }

    /// <summary>A's rows that a probe might try to change, as one comparable snapshot.</summary>
    public async Task<string> SnapshotAsync(PortalFactory portal)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var users = await connection.QueryAsync<string>(
            $"SELECT email || ':' || role || ':' || CASE WHEN is_active THEN 'active' ELSE 'inactive' END FROM users WHERE {database.Dialect.IsIn("id", "@PeopleIds")} ORDER BY id", new { PeopleIds });
        // Probes try to plant people in A; their addresses all start with "planted-".
        var planted = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE organisation_id = @OrganisationId AND email LIKE 'planted-%'", new { OrganisationId });
        var partnership = await connection.QuerySingleAsync<string>(
            "SELECT name || ':' || currency || ':' || COALESCE(CAST(supplier_lead_user_id AS TEXT), '-') || ':' || COALESCE(CAST(customer_lead_user_id AS TEXT), '-') FROM partnerships WHERE id = @PartnershipId", new { PartnershipId });
        var members = await connection.QueryAsync<long>("SELECT user_id FROM partnership_members WHERE partnership_id = @PartnershipId ORDER BY user_id", new { PartnershipId });
        var probedNotificationRead = await connection.ExecuteScalarAsync<bool>("SELECT read_at IS NOT NULL FROM notifications WHERE id = @NotificationId", new { NotificationId });
        var organisation = await connection.ExecuteScalarAsync<string>("SELECT name FROM organisations WHERE id = @OrganisationId", new { OrganisationId });
        var issue = await connection.QuerySingleAsync<string>(
            """
            SELECT q.state || ':' || COALESCE(q.verification_rejection, '-') || ':' || CASE WHEN q.verification_accepted_at IS NULL THEN 'unjudged' ELSE 'accepted' END
                   || ':' || (SELECT COUNT(*) FROM attachments a WHERE a.owner_type = 'QualityIssue' AND a.owner_id = q.id)
            FROM quality_issues q WHERE q.id = @QualityIssueId
            """,
            new { QualityIssueId });
        var steps = await connection.QueryAsync<string>(
            "SELECT step || ':' || COALESCE(CAST(owner_user_id AS TEXT), '-') || ':' || CASE WHEN done_at IS NULL THEN 'open' ELSE 'done' END || ':' || details FROM quality_issue_steps WHERE issue_id = @QualityIssueId ORDER BY step",
            new { QualityIssueId });
        // Probes try to raise issues in A; their titles all start with "Planted".
        var plantedIssues = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quality_issues WHERE partnership_id = @PartnershipId AND title LIKE 'Planted%'", new { PartnershipId });
        var designRequest = await connection.QuerySingleAsync<string>(
            """
            SELECT r.stage || ':' || COALESCE(r.verdict, '-') || ':' || COALESCE(CAST(r.stage_owner_user_id AS TEXT), '-')
                   || ':' || (SELECT COUNT(*) FROM design_request_comments c WHERE c.design_request_id = r.id)
                   || ':' || (SELECT COUNT(*) FROM attachments a WHERE a.owner_type = 'DesignRequest' AND a.owner_id = r.id)
            FROM design_requests r WHERE r.id = @DesignRequestId
            """, new { DesignRequestId });
        var plantedRequests = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM design_requests WHERE partnership_id = @PartnershipId AND title LIKE 'Planted%'", new { PartnershipId });
        var targets = await connection.QueryAsync<string>(
            """
            SELECT stage || '=' || CAST(working_days AS TEXT) FROM design_stage_targets WHERE partnership_id = @PartnershipId
            UNION ALL SELECT severity || '=' || CAST(hours AS TEXT) FROM quality_containment_targets WHERE partnership_id = @PartnershipId
            """, new { PartnershipId });
        // The probes aim at A's demo ERP client (no other test rotates or revokes it) and try to plant connections named "Planted...".
        var erpClient = await connection.QuerySingleAsync<string>(
            "SELECT secret_hash || ':' || COALESCE(CAST(secret_rotated_at AS TEXT), '-') || ':' || CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END FROM erp_clients WHERE client_id = @ErpClientId",
            new { ErpClientId });
        var plantedClients = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM erp_clients WHERE partnership_id = @PartnershipId AND display_name LIKE 'Planted%'", new { PartnershipId });
        var guarantees = await connection.QueryAsync<string>(
            "SELECT CAST(id AS TEXT) || ':' || metric || ':' || CAST(target_milli AS TEXT) || ':' || CAST(cap_minor AS TEXT) FROM guarantees WHERE partnership_id = @PartnershipId ORDER BY id",
            new { PartnershipId });
        var credits = await connection.QueryAsync<string>(
            "SELECT CAST(id AS TEXT) || ':' || state || ':' || CAST(amount_minor AS TEXT) FROM penalty_credits WHERE partnership_id = @PartnershipId ORDER BY id", new { PartnershipId });
        // The feed probes aim at A's feed: they must neither prune it nor mark A's demo client (which no other test follows with) as having read it.
        var feed = await connection.QuerySingleOrDefaultAsync<string>(
            """
            SELECT CAST(h.pruned_through AS TEXT) || ':' || COALESCE((SELECT CAST(r.last_position AS TEXT) || '@' || CAST(r.last_read_at AS TEXT)
                FROM change_feed_reads r JOIN erp_clients c ON c.id = r.erp_client_id WHERE c.client_id = @ErpClientId), 'unread')
            FROM change_feed_heads h WHERE h.partnership_id = @PartnershipId
            """, new { PartnershipId, ErpClientId });
        var loan = await connection.QuerySingleAsync<string>(
            """
            SELECT l.state || ':' || (SELECT COUNT(*) FROM equipment_loan_events v WHERE v.loan_id = l.id) || ':' || e.name || ':' || e.notes
                   || ':' || (SELECT COUNT(*) FROM equipment_maintenance m WHERE m.equipment_id = e.id)
            FROM equipment_loans l JOIN equipment e ON e.id = l.equipment_id WHERE l.id = @LoanId
            """, new { LoanId });
        var plantedLoans = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM equipment_loans WHERE partnership_id = @PartnershipId AND purpose LIKE 'Planted%'", new { PartnershipId });
        var rentCredit = await connection.ExecuteScalarAsync<long?>("SELECT percent FROM loan_rent_credit WHERE partnership_id = @PartnershipId", new { PartnershipId });
        var plantedEquipment = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM equipment WHERE serial LIKE 'PLANTED-%'");
        // Probes try to set A's line, plant requests ("Planted ...") and decide A's pending one.
        var credit = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT CAST(limit_minor AS TEXT) || ':' || currency || ':' || CAST(payment_terms_days AS TEXT) || ':' || CASE WHEN count_open_orders THEN 'orders' ELSE 'invoices' END FROM credit_lines WHERE partnership_id = @PartnershipId",
            new { PartnershipId });
        var arrangements = await connection.QueryAsync<string>(
            "SELECT CAST(id AS TEXT) || ':' || state || ':' || COALESCE(decision_note, '-') || ':' || reason FROM credit_arrangements WHERE partnership_id = @PartnershipId ORDER BY id",
            new { PartnershipId });
        // Probes try to recompute A's months (other tests recompute some too, with other reasons) and change its scorecard targets.
        var scorecards = await connection.QueryAsync<string>(
            """
            SELECT 'recomputed by B:' || CAST(COUNT(*) AS TEXT) FROM scorecard_snapshots WHERE partnership_id = @PartnershipId AND reason = 'Recomputed by B'
            UNION ALL SELECT metric || '=' || CAST(target_milli AS TEXT) || '/' || CAST(floor_milli AS TEXT) || '/' || CAST(weight AS TEXT) FROM scorecard_targets WHERE partnership_id = @PartnershipId
            """, new { PartnershipId });
        // The ERP probes aim at A's own order, invoice and delivery, and try to plant records whose external ids start with "planted".
        var erpRecords = await connection.QueryAsync<string>(
            """
            SELECT 'po:' || CAST(revision AS TEXT) || ':' || (SELECT CAST(COUNT(*) AS TEXT) FROM purchase_order_lines l WHERE l.purchase_order_id = po.id) FROM purchase_orders po WHERE partnership_id = @PartnershipId AND external_id = @OrderExternalId
            UNION ALL SELECT 'invoice:' || CAST(revision AS TEXT) || ':' || CAST(amount_minor AS TEXT) FROM invoices WHERE partnership_id = @PartnershipId AND external_id = @InvoiceExternalId
            UNION ALL SELECT 'delivery:' || CAST(revision AS TEXT) || ':' || (SELECT CAST(COUNT(*) AS TEXT) FROM delivery_lines dl WHERE dl.delivery_id = d.id) FROM deliveries d WHERE partnership_id = @PartnershipId AND external_id = @DeliveryExternalId
            UNION ALL SELECT 'planted:' || CAST(COUNT(*) AS TEXT) FROM (
                SELECT external_id FROM items WHERE partnership_id = @PartnershipId UNION ALL SELECT external_id FROM purchase_orders WHERE partnership_id = @PartnershipId
                UNION ALL SELECT external_id FROM deliveries WHERE partnership_id = @PartnershipId UNION ALL SELECT external_id FROM invoices WHERE partnership_id = @PartnershipId
                UNION ALL SELECT external_id FROM payments WHERE partnership_id = @PartnershipId) r WHERE external_id LIKE 'planted%'
            """, new { PartnershipId, OrderExternalId, InvoiceExternalId, DeliveryExternalId });
        // The review probes aim at A's demo reviews (no other test changes them) and try to plant reviews titled "Planted...".
        var reviews = await connection.QueryAsync<string>(
            """
            SELECT CAST(r.id AS TEXT) || ':' || r.state || ':' || CAST(r.sequence AS TEXT) || ':' || COALESCE(r.acknowledged_by_name, '-') || ':' || r.title
                   || ':' || (SELECT CAST(COUNT(*) AS TEXT) || '/' || CAST(COALESCE(SUM(i.version), 0) AS TEXT) || '/' || COALESCE(MAX(i.skipped_reason), '-') FROM review_agenda_items i WHERE i.review_id = r.id)
                   || ':' || (SELECT CAST(COUNT(*) AS TEXT) FROM review_decisions d WHERE d.review_id = r.id)
                   || ':' || (SELECT CAST(COUNT(*) AS TEXT) FROM review_addenda x WHERE x.review_id = r.id)
            FROM reviews r WHERE r.id IN (@ScheduledReviewId, @ClosedReviewId) OR (r.partnership_id = @PartnershipId AND r.title LIKE 'Planted%') ORDER BY r.id
            """, new { PartnershipId, ScheduledReviewId, ClosedReviewId });
        var actionItems = await connection.QueryAsync<string>(
            "SELECT CAST(id AS TEXT) || ':' || state || ':' || title FROM review_action_items WHERE review_id = @ClosedReviewId OR (partnership_id = @PartnershipId AND title LIKE 'Planted%') ORDER BY id",
            new { PartnershipId, ClosedReviewId });
        var healthAlert = await connection.ExecuteScalarAsync<string>("SELECT state || ':' || COALESCE(close_note, '-') FROM health_alerts WHERE id = @HealthAlertId", new { HealthAlertId });
        return $"health alert={healthAlert}|reviews={string.Join(",", reviews)}|actions={string.Join(",", actionItems)}|erp={string.Join(",", erpRecords)}|credit={credit}|{string.Join(",", arrangements)}|feed={feed}|loan={loan}|planted loans={plantedLoans}|rent credit={rentCredit}|planted equipment={plantedEquipment}|guarantees={string.Join(",", guarantees)}|credits={string.Join(",", credits)}|targets={string.Join(",", targets.Order(StringComparer.Ordinal))}|erp client={erpClient}|planted clients={plantedClients}|{organisation}|{partnership}|{string.Join(",", users)}|planted={planted}|{string.Join(",", members)}|notification read={probedNotificationRead}"
            + $"|scorecards={string.Join(",", scorecards.Order(StringComparer.Ordinal))}|issue={issue}|{string.Join(",", steps)}|planted issues={plantedIssues}|design request={designRequest}|planted requests={plantedRequests}";
    }
}
