package io.partnersync.payout;

import io.partnersync.canonical.Payout;
import io.partnersync.payout.policy.LedgerLine;
import io.partnersync.payout.policy.Money;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.math.BigDecimal;
import java.time.Instant;

/** The payout ledger: a deal's lines as the incentive rules read them, and the lines as the API shows them. */
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

    /** The ledger's lines, oldest first, optionally of one partner (its key) and one period; at most 10,000. */
    List<LineView> lines(String partner, String period) {
        return jdbc.query("""
                select p.id, pt.key as partner, p.deal_id as "dealId", p.type, p.amount, p.currency, p.status, p.period, p.rule,
                       p.source_key as "sourceKey", p.reverses, p.reason, p.reference, p.created_at as "createdAt"
                  from payout p left join partner pt on pt.id = p.partner_id
                 where (?::text is null or pt.key = ?) and (?::text is null or p.period = ?) and p.archived_at is null
                 order by p.created_at, p.id limit 10000
                """, (rs, n) -> new LineView(rs.getObject("id", UUID.class), rs.getString("partner"), rs.getObject("dealId", UUID.class),
                rs.getString("type"), Money.forPeople(rs.getBigDecimal("amount"), rs.getString("currency")), rs.getString("currency").trim(), rs.getString("status"), rs.getString("period"),
                rs.getString("rule"), rs.getString("sourceKey"), rs.getObject("reverses", UUID.class), rs.getString("reason"),
                rs.getString("reference"), rs.getTimestamp("createdAt").toInstant()), partner, partner, period, period);
    }

    /** A ledger line as the API shows it: the partner by its key. */
    record LineView(UUID id, String partner, UUID dealId, String type, BigDecimal amount, String currency, String status, String period,
                    String rule, String sourceKey, UUID reverses, String reason, String reference, Instant createdAt) {
    }
}
