package io.partnersync.payout;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The payout ledger and its reconciliation (viewer). */
@RestController
@RequestMapping("/api/payouts")
class PayoutsController {

    private final JdbcTemplate jdbc;
    private final PayoutReconciliation reconciliation;

    PayoutsController(JdbcTemplate jdbc, PayoutReconciliation reconciliation) {
        this.jdbc = jdbc;
        this.reconciliation = reconciliation;
    }

    /** The ledger's lines, oldest first, optionally of one partner (its key) and one period. */
    @GetMapping
    List<Map<String, Object>> ledger(@RequestParam(required = false) String partner, @RequestParam(required = false) String period) {
        return jdbc.queryForList("""
                select p.id, pt.key as partner, p.deal_id as "dealId", p.type, p.amount, p.currency, p.status, p.period, p.rule,
                       p.source_key as "sourceKey", p.reverses, p.reason, p.reference, p.created_at as "createdAt"
                  from payout p left join partner pt on pt.id = p.partner_id
                 where (?::text is null or pt.key = ?) and (?::text is null or p.period = ?) and p.archived_at is null
                 order by p.created_at, p.id limit 10000
                """, partner, partner, period, period);
    }

    /** The period's totals per partner and currency in the store and each CRM, and every difference with its records. */
    @GetMapping("/reconciliation")
    Map<String, Object> reconciliation(@RequestParam String period) {
        PayoutReconciliation.Report report = reconciliation.reconcile(period);
        return Map.of("period", report.period(), "balanced", report.balanced(), "systems", report.systems(), "totals", report.totals(),
                "differences", report.differences());
    }
}
