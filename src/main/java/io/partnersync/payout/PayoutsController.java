package io.partnersync.payout;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The payout ledger and its reconciliation (viewer). */
@RestController
@RequestMapping("/api/payouts")
class PayoutsController {

    private final PayoutLedger ledger;
    private final PayoutReconciliation reconciliation;

    PayoutsController(PayoutLedger ledger, PayoutReconciliation reconciliation) {
        this.ledger = ledger;
        this.reconciliation = reconciliation;
    }

    /** The ledger's lines, oldest first, optionally of one partner (its key) and one period. */
    @GetMapping
    List<PayoutLedger.LineView> ledger(@RequestParam(required = false) String partner, @RequestParam(required = false) String period) {
        return ledger.lines(partner, period);
    }

    /** The period's totals per partner and currency in the store and each CRM, and every difference with its records. */
    @GetMapping("/reconciliation")
    Reconciliation reconciliation(@RequestParam String period) {
        PayoutReconciliation.Report report = reconciliation.reconcile(period);
        return new Reconciliation(report.period(), report.balanced(), report.systems(), report.totals(), report.differences());
    }

    /** @param balanced whether every system shows the same totals as the store */
    record Reconciliation(String period, boolean balanced, List<String> systems, List<PayoutReconciliation.Total> totals,
                          List<PayoutReconciliation.Difference> differences) {
    }
}
