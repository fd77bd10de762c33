package io.partnersync.payout;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.PayoutCopies;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.payout.policy.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import io.partnersync.sync.ConnectorKinds;
import java.util.Locale;

/**
 * Compares the payouts of one period in the store, in the vendor's CRM and in each partner's CRM,
 * read from each CRM now: totals per partner and currency in every system (amounts in different
 * currencies are never added together), and every difference with the records involved: a payout
 * missing from a CRM, held there with another amount or currency, or a CRM's payout the store does
 * not have for that partner and period.
 */
@Service
public class PayoutReconciliation {

    /** One difference. {@code kind}: missing, amount, currency, unknown. Amounts as people read them (see {@link Money#forPeople}). */
    public record Difference(String system, String kind, String partner, UUID payoutId, String reference, String externalId,
                             BigDecimal storeAmount, BigDecimal systemAmount, String currency, String detail) {

        public Difference {
            storeAmount = Money.forPeople(storeAmount, currency);
            systemAmount = Money.forPeople(systemAmount, currency);
        }
    }

    /** One partner's total in one currency, in the store and in each system that holds its payouts. */
    public record Total(String partner, String currency, Map<String, BigDecimal> bySystem) {

        public Total {
            Map<String, BigDecimal> rounded = new LinkedHashMap<>();
            bySystem.forEach((system, amount) -> rounded.put(system, Money.forPeople(amount, currency)));
            bySystem = rounded;
        }
    }

    public record Report(String period, List<String> systems, List<Total> totals, List<Difference> differences) {
        public boolean balanced() {
            return differences.isEmpty();
        }
    }

    private record Stored(UUID id, String partner, BigDecimal amount, String currency, String reference) {
    }

    private final JdbcTemplate jdbc;
    private final Connectors connectors;
    private final MappingRegistry mappings;
    private final ConnectorKinds kinds;

    PayoutReconciliation(JdbcTemplate jdbc, Connectors connectors, MappingRegistry mappings, ConnectorKinds kinds) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.mappings = mappings;
        this.kinds = kinds;
    }

    public Report reconcile(String period) {
        if (period == null || !PayoutCopies.PERIOD.matcher(period).matches()) {
            throw new IllegalArgumentException("expected a period such as 2026-Q4 or 2026-11, not '" + period + "'");
        }
        List<Stored> store = jdbc.query("""
                select p.id, coalesce(pt.key, '(no partner)') as partner, p.amount, p.currency, p.reference
                  from payout p left join partner pt on pt.id = p.partner_id
                 where p.period = ? and p.archived_at is null order by 2, p.id
                """, (rs, n) -> new Stored(rs.getObject("id", UUID.class), rs.getString("partner"), rs.getBigDecimal("amount"),
                rs.getString("currency").trim(), rs.getString("reference")), period);
        Map<String, Stored> byId = new HashMap<>();
        store.forEach(s -> byId.put(s.id().toString(), s));
        Map<String, Map<String, Map<String, BigDecimal>>> totals = new TreeMap<>(); // partner → currency → system → sum
        store.forEach(s -> add(totals, s.partner(), s.currency(), "store", s.amount()));
        List<String> systems = new ArrayList<>(List.of("store"));
        List<Difference> differences = new ArrayList<>();
        for (ConnectorProperties connector : connectors.all()) {
            if (!connector.enabled() || !connector.entities().contains(EntityType.PAYOUT)) {
                continue;
            }
            PayoutCopies reader = kinds.of(connector).payoutCopies().orElse(null);
            if (reader == null) {
                continue;
            }
            String system = connector.name();
            systems.add(system);
            boolean vendor = connector.role() == ConnectorProperties.ConnectorRole.VENDOR;
            List<Stored> expected = store.stream().filter(s -> vendor || s.partner().equals(connector.partner())).toList();
            Map<String, PayoutCopies.Copy> copies = new LinkedHashMap<>();
            for (PayoutCopies.Copy copy : reader.payouts(connector, mappings.mapping(system, EntityType.PAYOUT), period)) {
                Stored known = copy.partnersyncId() == null ? null : byId.get(copy.partnersyncId());
                if (known == null || !vendor && !known.partner().equals(connector.partner())) {
                    differences.add(new Difference(system, "unknown", known == null ? "?" : known.partner(), known == null ? null : known.id(),
                            known == null ? null : known.reference(), copy.externalId(), null, copy.amount(), copy.currency(),
                            known == null ? "in " + system + " but not in the store for " + period
                                    : "in " + system + " but it is partner " + known.partner() + "'s payout"));
                    if (copy.amount() != null && copy.currency() != null) {
                        add(totals, known == null ? "?" : known.partner(), copy.currency(), system, copy.amount());
                    }
                    continue;
                }
                copies.put(copy.partnersyncId(), copy);
            }
            for (Stored payout : expected) {
                PayoutCopies.Copy copy = copies.get(payout.id().toString());
                if (copy == null) {
                    differences.add(new Difference(system, "missing", payout.partner(), payout.id(), payout.reference(), null, payout.amount(), null,
                            payout.currency(), "in the store, not in " + system));
                    continue;
                }
                if (copy.amount() != null && copy.currency() != null) {
                    add(totals, payout.partner(), copy.currency(), system, copy.amount());
                }
                if (copy.currency() == null || !copy.currency().equalsIgnoreCase(payout.currency())) {
                    differences.add(new Difference(system, "currency", payout.partner(), payout.id(), payout.reference(), copy.externalId(),
                            payout.amount(), copy.amount(), payout.currency(), system + " holds it in " + copy.currency()));
                } else if (copy.amount() == null || copy.amount().compareTo(payout.amount()) != 0) {
                    differences.add(new Difference(system, "amount", payout.partner(), payout.id(), payout.reference(), copy.externalId(),
                            payout.amount(), copy.amount(), payout.currency(), "the store has " + Money.forPeople(payout.amount(), payout.currency()).toPlainString()
                                    + ", " + system + " has " + (copy.amount() == null ? "none" : Money.forPeople(copy.amount(), payout.currency()).toPlainString())));
                }
            }
        }
        List<Total> lines = new ArrayList<>();
        totals.forEach((partner, byCurrency) -> byCurrency.forEach((currency, bySystem) -> lines.add(new Total(partner, currency, bySystem))));
        return new Report(period, systems, lines, differences);
    }

    private static void add(Map<String, Map<String, Map<String, BigDecimal>>> totals, String partner, String currency, String system, BigDecimal amount) {
        totals.computeIfAbsent(partner, p -> new TreeMap<>()).computeIfAbsent(currency.toUpperCase(Locale.ROOT), c -> new LinkedHashMap<>())
                .merge(system, amount, BigDecimal::add);
    }
}
