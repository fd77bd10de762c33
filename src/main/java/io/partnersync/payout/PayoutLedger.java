package io.partnersync.payout;

import io.partnersync.canonical.Payout;
import io.partnersync.payout.policy.LedgerLine;
import io.partnersync.payout.policy.Money;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** A deal's payout ledger as the incentive rules read it: every line, and which are reversed. */
@Repository
class PayoutLedger {

    private final JdbcTemplate jdbc;

    PayoutLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<LedgerLine> of(UUID dealId) {
        return jdbc.query("""
                select p.id, p.rule, p.source_key, p.type, p.partner_id, p.amount, p.currency, p.period, p.reverses,
                       exists (select 1 from payout r where r.reverses = p.id) as reversed
                  from payout p where p.deal_id = ? and p.rule is not null order by p.created_at, p.id
                """, (rs, n) -> new LedgerLine(rs.getObject("id", UUID.class), rs.getString("rule"), rs.getString("source_key"),
                Payout.PayoutType.valueOf(rs.getString("type")), rs.getObject("partner_id", UUID.class),
                new Money(rs.getBigDecimal("amount"), rs.getString("currency").trim()), rs.getString("period"),
                rs.getObject("reverses", UUID.class), rs.getBoolean("reversed")), dealId);
    }
}
