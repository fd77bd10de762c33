package io.partnersync.sync;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.ApiQuota;
import io.partnersync.store.OutboxRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fair shares of the vendor CRM's daily API allowance, kept in the store and so shared by every
 * instance. The allowance {@code A} and what the org used in the last 24 hours (everyone's calls,
 * the vendor's own tools too) come from the vendor kind's quota (Salesforce's
 * {@code Sforce-Limit-Info}). PartnerSync's part is {@code P = A × (1 − reserve)}:
 * <ul>
 *   <li>a relay run to the vendor CRM writes at most what its calls leave of {@code P}, so the org's use does not overshoot it;</li>
 *   <li>when the org's use reaches {@code P}, no partner's change is written to the vendor CRM: the
 *       reserve is left for the vendor's own tools (the changes wait in the outbox, nothing is lost);</li>
 *   <li>each partner connected to the vendor (or active in the last 24 hours) has the fair share
 *       {@code P / partners}; a partner past it (a bulk import) goes on only while more than
 *       {@code borrow-until × P} is left, so it is slowed before it can starve the others.</li>
 * </ul>
 * Calls are attributed to the partners whose changes they carried: the calls the writer says a
 * batch costs (a Bulk API job costs a few calls for thousands of records), shared in proportion to
 * each partner's records ({@link #spent}).
 */
@Component
public class VendorBudget {

    /** A partner's use of the vendor's allowance in the last 24 hours and whether it waits. */
    public record PartnerUse(String partner, long calls, long records, double share, boolean held, String reason) {
    }

    /**
     * The vendor CRM's allowance as shared now.
     *
     * @param allowed the org's daily allowance; {@code used} its use in the last 24 hours (all callers)
     * @param available what PartnerSync may still use before the reserve
     */
    public record Budget(String target, long allowed, long used, double reserve, long partnerSyncPart, long available, double fairShare,
                         boolean exhausted, List<PartnerUse> partners) {
    }

    private record Cached(Budget budget, long at) {
    }

    private final JdbcTemplate jdbc;
    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final OutboxRepository outbox;
    private final VendorBudgetSettings settings;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    VendorBudget(JdbcTemplate jdbc, Connectors connectors, ConnectorKinds kinds, OutboxRepository outbox, VendorBudgetSettings settings) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.kinds = kinds;
        this.outbox = outbox;
        this.settings = settings;
    }

    /** The vendor connector's budget as of now (read afresh), when there is a vendor connector with a known quota. */
    public Optional<Budget> vendor() {
        return connectors.all().stream().filter(c -> c.role() == ConnectorProperties.ConnectorRole.VENDOR).findFirst()
                .flatMap(c -> budget(c, true));
    }

    /** The budget of {@code target} when it is the vendor CRM and its allowance is known (a fresh read at most every 2 s). */
    public Optional<Budget> budget(ConnectorProperties target, boolean fresh) {
        if (!settings.enabled() || target.role() != ConnectorProperties.ConnectorRole.VENDOR) {
            return Optional.empty();
        }
        Cached cached = cache.get(target.name());
        long now = System.nanoTime();
        if (!fresh && cached != null && now - cached.at() < 2_000_000_000L) {
            return Optional.of(cached.budget());
        }
        Optional<ApiQuota> quota = kinds.of(target).quota().flatMap(source -> source.quota(target.name()));
        if (quota.isEmpty() || quota.get().limit() <= 0) {
            return Optional.empty();
        }
        Budget budget = compute(target, quota.get());
        cache.put(target.name(), new Cached(budget, now));
        return Optional.of(budget);
    }

    /**
     * What the next relay run to {@code target} may write.
     *
     * @param held the connectors whose changes wait (their partner is past its share while the budget is lean, or the budget is spent)
     * @param maxRecords at most this many records, so the run's calls fit in what is left (and, while a partner borrows past its
     *     share, in what it may borrow)
     */
    public record Plan(Set<String> held, int maxRecords) {
        static final Plan OPEN = new Plan(Set.of(), Integer.MAX_VALUE);
    }

    /** The relay's plan for {@code target}: {@link Plan#OPEN} when it is no vendor CRM or its allowance is not known yet. */
    public Plan plan(ConnectorProperties target) {
        Optional<Budget> known = budget(target, false);
        if (known.isEmpty()) {
            return Plan.OPEN;
        }
        Budget budget = known.get();
        if (budget.exhausted()) {
            return new Plan(Set.of(), 0);
        }
        Set<String> heldPartners = new HashSet<>();
        boolean borrowing = false;
        for (PartnerUse partner : budget.partners()) {
            if (partner.held()) {
                heldPartners.add(partner.partner());
            } else if (partner.calls() >= partner.share()) {
                borrowing = true;
            }
        }
        Set<String> held = new HashSet<>();
        for (ConnectorProperties connector : connectors.all()) {
            if (connector.partner() != null && heldPartners.contains(connector.partner())) {
                held.add(connector.name());
            }
        }
        long calls = budget.available();
        if (borrowing) {
            calls = Math.max(1, budget.available() - (long) Math.ceil(settings.borrowUntil() * budget.partnerSyncPart()));
        }
        long records = calls * Math.max(1, target.limits().batchSize());
        return new Plan(held, (int) Math.min(Integer.MAX_VALUE, records));
    }

    /**
     * Counts the calls a written batch cost, shared out by the partners whose changes it carried, in
     * proportion to their records (rounded up).
     *
     * @param recordsBySource records written, by the connector that queued them
     * @param calls the calls the writer spent on them ({@link io.partnersync.sync.spi.ConnectorWriter#calls})
     */
    public void spent(ConnectorProperties target, Map<String, Integer> recordsBySource, int calls) {
        if (!settings.enabled() || target.role() != ConnectorProperties.ConnectorRole.VENDOR || recordsBySource.isEmpty()) {
            return;
        }
        Map<String, Integer> byPartner = new HashMap<>();
        recordsBySource.forEach((source, records) -> byPartner.merge(partnerOf(source), records, Integer::sum));
        int total = byPartner.values().stream().mapToInt(Integer::intValue).sum();
        byPartner.forEach((partner, records) -> jdbc.update("""
                insert into api_budget (target, partner, hour, calls, records) values (?, ?, date_trunc('hour', now()), ?, ?)
                on conflict (target, partner, hour) do update set calls = api_budget.calls + excluded.calls, records = api_budget.records + excluded.records
                """, target.name(), partner, (int) Math.ceil((double) calls * records / Math.max(1, total)), records));
        cache.remove(target.name());
    }

    private String partnerOf(String source) {
        return connectors.find(source).map(ConnectorProperties::partner).orElse("");
    }

    private Budget compute(ConnectorProperties target, ApiQuota quota) {
        long part = (long) Math.floor(quota.limit() * (1 - settings.reserve()));
        long available = part - quota.used();
        Map<String, long[]> use = new HashMap<>();
        jdbc.query("select partner, sum(calls), sum(records) from api_budget where target = ? and hour > now() - interval '24 hours' group by partner",
                rs -> {
                    use.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }, target.name());
        // every partner connected to the vendor has its share, whether it wrote today or not
        Set<String> active = new HashSet<>(use.keySet());
        connectors.all().stream().filter(c -> c.role() == ConnectorProperties.ConnectorRole.PARTNER && c.partner() != null)
                .forEach(c -> active.add(c.partner()));
        for (String source : outbox.pendingSources(target.name())) {
            active.add(partnerOf(source));
        }
        active.remove("");
        double fair = active.isEmpty() ? part : (double) part / active.size();
        boolean exhausted = available <= 0;
        boolean lean = available < settings.borrowUntil() * part;
        List<PartnerUse> partners = new ArrayList<>();
        for (String partner : active.stream().sorted().toList()) {
            long[] spent = use.getOrDefault(partner, new long[2]);
            boolean over = spent[0] >= fair;
            String reason = exhausted ? String.format(Locale.ROOT, "waits: the org used %d of %d calls, the rest is the vendor's reserve", quota.used(), quota.limit())
                    : over && lean ? String.format(Locale.ROOT, "slowed: %d calls in 24 h, past its fair share of %.0f, while less than %.0f%% of PartnerSync's %d is left",
                    spent[0], fair, settings.borrowUntil() * 100, part)
                    : "";
            partners.add(new PartnerUse(partner, spent[0], spent[1], fair, exhausted || over && lean, reason));
        }
        return new Budget(target.name(), quota.limit(), quota.used(), settings.reserve(), part, Math.max(0, available), fair, exhausted, partners);
    }
}
