package io.partnersync.registration;

import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.CustomerKey;
import io.partnersync.canonical.Deal;
import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.Partner;
import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.registration.policy.Decision;
import io.partnersync.registration.policy.ExistingRegistration;
import io.partnersync.registration.policy.Registration;
import io.partnersync.registration.policy.RegistrationPolicy;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.registration.policy.RuleIds;
import io.partnersync.store.NamedLocks;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import java.util.Set;
import java.util.TreeSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Governs deal registrations on the ingest path, as the deal's {@link DomainStep}: a partner deal
 * whose rep asked for registration ({@code registrationRequested}, mapped from the partner CRM) is
 * decided by the {@link RegistrationPolicy} before it is stored, and the decision (status, reason,
 * exclusivity, competing registration) is stored on the deal, so it flows to the vendor CRM and
 * back to the partner's own CRM with the same outbox delivery as any change. The channel manager's
 * approve, reject or end in the vendor CRM is read from the vendor's deals by the policy; other
 * changes to the decision fields are not taken, so nobody decides by editing a field in the wrong place.
 *
 * <p>Decisions for one customer are serialized by a lock per customer key (also across instances);
 * those for different customers run in parallel. Idempotent: a deal already decided is not decided
 * again (unless it was rejected by the policy and the rep changed it), and every decision that
 * changes is audited once with its rule. Other partners are never named in a reason a partner sees;
 * the channel manager sees the link.
 */
@Service
public class RegistrationService implements DomainStep<Deal> {

    static final String ACTOR = "registration-policy";

    private final RegistrationSettings settings;
    private final RegistrationPolicy policy;
    private final RegistrationRepository registrations;
    private final CanonicalRepository canonical;
    private final AuditRepository audit;
    private final io.partnersync.store.OutboxRepository outbox;
    private final NamedLocks locks;
    private final Clock clock;

    RegistrationService(RegistrationSettings settings, RegistrationRepository registrations, CanonicalRepository canonical,
                        AuditRepository audit, io.partnersync.store.OutboxRepository outbox, NamedLocks locks,
                        ObjectProvider<Clock> clock, org.springframework.core.env.ConfigurableEnvironment environment) {
        this.settings = settings;
        String moved = "partnersync.governance.registration.trigger.field";
        if (environment.containsProperty(moved) || environment.containsProperty("partnersync.governance.registration.trigger.values[0]")) {
            String origin = InvalidConfigurationException.originOf(environment, moved);
            throw new InvalidConfigurationException(origin == null ? "configuration" : origin, "partnersync.governance.registration.trigger",
                    "nothing: the rep's request is now the deal's canonical field registrationRequested, mapped in mappings/<crm>/deal.yaml"
                            + " (for example registrationRequested: { from: properties.partnersync_register }); remove the trigger key");
        }
        try {
            this.policy = new RegistrationPolicy(settings.rules());
        } catch (IllegalArgumentException e) {
            // the policy's messages start with the key they are about, e.g. "exclusivity-days must be at least 1"
            String key = "partnersync.governance.registration." + e.getMessage().split(" ", 2)[0];
            String origin = InvalidConfigurationException.originOf(environment, key);
            throw new InvalidConfigurationException(origin == null ? "configuration" : origin, key, "expected " + e.getMessage());
        }
        this.registrations = registrations;
        this.canonical = canonical;
        this.audit = audit;
        this.outbox = outbox;
        this.locks = locks;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public String name() {
        return "registration";
    }

    @Override
    public EntityType entity() {
        return EntityType.DEAL;
    }

    /** The product line a product belongs to, as the registration rules group products (a product not listed is its own line). */
    public String productLine(String product) {
        return policy.productLine(product);
    }

    /**
     * The customer keys (before and after the change) of a deal that may be decided: a partner deal
     * asked for or already registered, a vendor deal with a registration or one of the vendor's own
     * open opportunities (which conflicts check). Plain sync traffic takes no lock.
     */
    @Override
    public Set<String> locks(Change<Deal> change) {
        if (!settings.enabled()) {
            return Set.of();
        }
        Deal after = change.after();
        Deal before = change.before();
        boolean governed = change.source().isPartner()
                ? Boolean.TRUE.equals(after.registrationRequested()) || statusOf(before) != RegistrationStatus.NONE
                : statusOf(before) != RegistrationStatus.NONE || after.registrationStatus() != RegistrationStatus.NONE
                        || after.partnerId() == null || before != null && before.partnerId() == null;
        if (!governed) {
            return Set.of();
        }
        Set<String> names = new TreeSet<>();
        CustomerKey.all(after.customerDomain(), after.customerName()).forEach(key -> names.add(lockName(key)));
        if (before != null) {
            CustomerKey.all(before.customerDomain(), before.customerName()).forEach(key -> names.add(lockName(key)));
        }
        return names;
    }

    static String lockName(String customerKey) {
        return "customer:" + customerKey;
    }

    /** Takes the locks of {@code customerKeys} for this transaction (a decision outside the ingest path). */
    void lockCustomers(List<String> customerKeys) {
        locks.lock(customerKeys.stream().map(RegistrationService::lockName).toList());
    }

    @Override
    public Effects<Deal> apply(Change<Deal> change) {
        if (!settings.enabled() || change.source().isPartner() && !Boolean.TRUE.equals(change.after().registrationRequested())
                && statusOf(change.before()) == RegistrationStatus.NONE) {
            return Effects.store(change.after()); // a partner deal nobody asked to register: plain sync
        }
        Map<String, Object> fields = CanonicalFields.toMap(change.after());
        Map<String, Object> current = change.before() == null ? null : CanonicalFields.toMap(change.before());
        Map<String, Object> incoming = CanonicalFields.toMap(change.incoming());
        Outcome outcome = change.source().isPartner() ? fromPartner(change, current, fields, incoming)
                : fromVendor(change, current, fields, incoming);
        Effects<Deal> effects = Effects.store((Deal) CanonicalFields.fromMap(EntityType.DEAL, outcome.fields()));
        if (outcome.writeBack()) {
            effects = effects.with(new Effects.WriteBack());
        }
        return outcome.audit() == null ? effects : effects.with(outcome.audit());
    }

    /** @param audit the decision to audit, when it changed */
    private record Outcome(Map<String, Object> fields, boolean writeBack, Effects.Audit audit) {

        static Outcome unchanged(Map<String, Object> fields) {
            return new Outcome(fields, false, null);
        }
    }

    /**
     * A partner's deal: decide it when it is marked for registration; decide it again when the rep
     * changed the customer or the product line of a live registration, or fixed a registration the
     * policy rejected (a channel manager's rejection stands); otherwise keep its decision.
     */
    private Outcome fromPartner(Change<Deal> change, Map<String, Object> current, Map<String, Object> fields, Map<String, Object> incoming) {
        boolean marked = Boolean.TRUE.equals(fields.get("registrationRequested"));
        if (statusOf(current) == RegistrationStatus.NONE && !marked) {
            return Outcome.unchanged(fields);
        }
        RegistrationRecord known = registrations.find(change.id()).orElse(null);
        if (known == null) {
            return marked ? decided(change.source().connector(), decide(change.id(), fields), null, fields) : Outcome.unchanged(fields);
        }
        boolean moved = known.status() != RegistrationStatus.EXPIRED && known.status() != RegistrationStatus.REJECTED
                && (!known.customerKeys().equals(customerKeys(fields)) || !Objects.equals(known.productLine(), policy.productLine((String) fields.get("product"))));
        boolean fixed = known.status() == RegistrationStatus.REJECTED && !RuleIds.isManagers(known.rule()) && marked
                && businessChanged(current, fields);
        if (moved || fixed) {
            return decided(change.source().connector(), decide(change.id(), fields), known, fields);
        }
        return lapseIfClosed(known.withStage(stageOf(fields)), known, fields, incoming);
    }

    /**
     * A vendor deal: index the vendor's own open opportunities; for a registered deal, take the
     * channel manager's move (see {@link RegistrationPolicy#byManager}) and keep PartnerSync's decision otherwise.
     */
    private Outcome fromVendor(Change<Deal> change, Map<String, Object> current, Map<String, Object> fields, Map<String, Object> incoming) {
        indexVendorOpportunity(change, current, fields);
        if (statusOf(current) == RegistrationStatus.NONE && statusOf(fields) == RegistrationStatus.NONE) {
            return Outcome.unchanged(fields);
        }
        RegistrationRecord known = registrations.find(change.id()).orElse(null);
        if (known == null) {
            return Outcome.unchanged(fields);
        }
        LocalDate today = LocalDate.now(clock);
        // while PartnerSync still owes the vendor CRM a newer decision, what it shows is the old one, not a manager's
        Optional<Decision> manager = statusOf(fields) == known.status() || outbox.isPending(change.source().connector(), EntityType.DEAL, change.id())
                ? Optional.empty() : policy.byManager(known.existing(), known.reason(), statusOf(fields), (String) fields.get("registrationReason"),
                        (LocalDate) fields.get("exclusiveUntil"), today);
        if (manager.isPresent()) {
            Decision withLinks = new Decision(manager.get().status(), manager.get().rule(), manager.get().reason(), manager.get().exclusiveUntil(),
                    known.conflictsWith(), known.directOpportunities());
            return decided(change.source().connector(), known.withStage(stageOf(fields)).with(withLinks), known, fields);
        }
        return lapseIfClosed(known.withStage(stageOf(fields)), known, fields, incoming);
    }

    private RegistrationRecord decide(UUID dealId, Map<String, Object> fields) {
        Deal deal = (Deal) CanonicalFields.fromMap(EntityType.DEAL, fields);
        Registration registration = Registration.of(dealId, deal);
        Partner partner = canonical.findById(EntityType.PARTNER, deal.partnerId())
                .map(row -> (Partner) CanonicalFields.fromMap(EntityType.PARTNER, row.fields()))
                .orElseThrow(() -> new IllegalStateException("deal " + dealId + " names partner " + deal.partnerId() + ", which is not in the store"));
        List<String> keys = registration.customerKeys();
        List<ExistingRegistration> existing = keys.isEmpty() ? List.of()
                : registrations.forCustomer(keys, dealId).stream().map(RegistrationRecord::existing).toList();
        var direct = keys.isEmpty() ? List.<io.partnersync.registration.policy.DirectOpportunity>of() : registrations.vendorOpportunities(keys);
        Decision decision = policy.decide(registration, partner, existing, direct, LocalDate.now(clock));
        return new RegistrationRecord(dealId, deal.partnerId(), keys, policy.productLine(deal.product()), decision.status(), decision.rule(),
                decision.reason(), decision.exclusiveUntil(), false, decision.conflictsWith(), decision.directOpportunities(), deal.stage());
    }

    /**
     * An approved registration whose deal closed (or whose exclusivity ended) lapses now; otherwise
     * the decision is kept, and written back when the CRM shows another (edited in the wrong place,
     * or not delivered yet).
     */
    private Outcome lapseIfClosed(RegistrationRecord now, RegistrationRecord known, Map<String, Object> fields, Map<String, Object> incoming) {
        Optional<Decision> lapsed = policy.lapse(now.existing(), LocalDate.now(clock));
        RegistrationRecord next = lapsed.map(now::with).orElse(now);
        if (lapsed.isPresent() || now.stage() != known.stage()) {
            return decided(ACTOR, next, known, fields);
        }
        return new Outcome(withDecision(fields, known), !matchesDecision(incoming, known), null);
    }

    /** Stores the registration and puts the decision on the deal; a changed decision is audited. */
    private Outcome decided(String actor, RegistrationRecord next, RegistrationRecord known, Map<String, Object> fields) {
        registrations.save(next);
        return new Outcome(withDecision(fields, next), true, next.sameDecision(known) ? null : auditEvent(actor, next));
    }

    /** Applies a decision made outside the ingest path (expiry, extension) to the stored registration and audits it. */
    RegistrationRecord record(RegistrationRecord known, RegistrationRecord next, String actor) {
        registrations.save(next);
        if (!next.sameDecision(known)) {
            Effects.Audit event = auditEvent(actor, next);
            audit.appendDecision(actor, EntityType.DEAL, next.dealId(), event.action(), event.reason(), event.rule(), event.detail());
        }
        return next;
    }

    /** What became of an operator's request to extend a registration. */
    sealed interface ExtensionResult permits Extended, Refused, Unknown {
    }

    record Extended(RegistrationRecord registration) implements ExtensionResult {
    }

    record Refused(String reason) implements ExtensionResult {
    }

    record Unknown() implements ExtensionResult {
    }

    /** Grants the single extension when the rules allow one, under the customer's locks, and queues it for every CRM. */
    @org.springframework.transaction.annotation.Transactional
    ExtensionResult extend(UUID dealId, io.partnersync.sync.IngestService ingest) {
        RegistrationRecord seen = registrations.find(dealId).orElse(null);
        if (seen == null) {
            return new Unknown();
        }
        lockCustomers(seen.customerKeys());
        RegistrationRecord known = registrations.find(dealId).orElseThrow();
        Decision decision = policy.extend(known.existing(), known.extended(), LocalDate.now(clock));
        if (!RegistrationPolicy.granted(decision)) {
            return new Refused(decision.reason());
        }
        RegistrationRecord next = record(known, known.extendedTo(decision), io.partnersync.security.Actors.current("operator"));
        ingest.amend(EntityType.DEAL, dealId, io.partnersync.store.OutboxEntry.Operation.DECISION, fields -> withDecision(fields, next));
        return new Extended(next);
    }

    static Map<String, Object> withDecision(Map<String, Object> fields, RegistrationRecord r) {
        Map<String, Object> decided = new LinkedHashMap<>(fields);
        decided.put("registrationStatus", r.status());
        decided.put("registrationReason", r.reason());
        decided.put("exclusiveUntil", r.exclusiveUntil());
        decided.put("competingRegistration", r.conflictsWith().isEmpty() ? null : r.conflictsWith().get(0));
        return decided;
    }

    private static boolean matchesDecision(Map<String, Object> fields, RegistrationRecord r) {
        return fields.get("registrationStatus") == r.status() && Objects.equals(fields.get("registrationReason"), r.reason())
                && Objects.equals(fields.get("exclusiveUntil"), r.exclusiveUntil());
    }

    private void indexVendorOpportunity(Change<Deal> change, Map<String, Object> current, Map<String, Object> fields) {
        boolean direct = fields.get("partnerId") == null && !isClosed(stageOf(fields));
        String domain = (String) fields.get("customerDomain");
        String name = (String) fields.get("customerName");
        List<String> keys = CustomerKey.all(domain, name);
        if (direct && !keys.isEmpty()) {
            registrations.saveVendorOpportunity(change.id(), change.externalId(), (String) fields.get("name"), keys,
                    policy.productLine((String) fields.get("product")));
        } else if (current != null && current.get("partnerId") == null) {
            registrations.removeVendorOpportunity(change.id());
        }
    }

    private static Effects.Audit auditEvent(String actor, RegistrationRecord r) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", r.status().name());
        detail.put("exclusiveUntil", r.exclusiveUntil() == null ? null : r.exclusiveUntil().toString());
        detail.put("partnerId", r.partnerId().toString());
        detail.put("customerKeys", r.customerKeys());
        detail.put("productLine", r.productLine());
        detail.put("conflictsWith", r.conflictsWith().stream().map(UUID::toString).toList());
        detail.put("directOpportunities", r.directOpportunities());
        return new Effects.Audit(actor, "registration-" + r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), r.rule(),
                r.reason(), detail);
    }

    private static List<String> customerKeys(Map<String, Object> fields) {
        return CustomerKey.all((String) fields.get("customerDomain"), (String) fields.get("customerName"));
    }

    /** Whether the rep changed what a decision is made on (customer, product, amount, close date). */
    private static boolean businessChanged(Map<String, Object> before, Map<String, Object> after) {
        if (before == null) {
            return true;
        }
        for (String field : List.of("customerName", "customerDomain", "product", "amount", "currency", "closeDate")) {
            if (!Objects.equals(before.get(field), after.get(field))) {
                return true;
            }
        }
        return false;
    }

    private static RegistrationStatus statusOf(Map<String, Object> fields) {
        Object status = fields == null ? null : fields.get("registrationStatus");
        return status == null ? RegistrationStatus.NONE : (RegistrationStatus) status;
    }

    private static RegistrationStatus statusOf(Deal deal) {
        return deal == null ? RegistrationStatus.NONE : deal.registrationStatus();
    }

    private static Deal.DealStage stageOf(Map<String, Object> fields) {
        Object stage = fields.get("stage");
        return stage == null ? Deal.DealStage.PROSPECTING : (Deal.DealStage) stage;
    }

    private static boolean isClosed(Deal.DealStage stage) {
        return stage == Deal.DealStage.CLOSED_WON || stage == Deal.DealStage.CLOSED_LOST;
    }

    RegistrationPolicy policy() {
        return policy;
    }

    Clock clock() {
        return clock;
    }
}
