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
import io.partnersync.registration.policy.DirectOpportunity;
import io.partnersync.registration.policy.RuleIds;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.store.OutboxRepository;
import io.partnersync.sync.Occasions;
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
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Service;
import java.util.Locale;
import org.springframework.transaction.annotation.Transactional;

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
    /** The occasion on which an approved registration whose exclusivity ran out expires (see {@link RegistrationExpiry}). */
    static final String EXPIRY = "registration-expiry";
    /** The occasion on which an operator extends a registration once. */
    static final String EXTENSION = "registration-extension";

    private final RegistrationSettings settings;
    private final RegistrationPolicy policy;
    private final RegistrationRepository registrations;
    private final CanonicalRepository canonical;
    private final OutboxRepository outbox;
    private final ObjectProvider<Occasions> occasions;
    private final Clock clock;

    RegistrationService(RegistrationSettings settings, RegistrationRepository registrations, CanonicalRepository canonical, OutboxRepository outbox,
                        ObjectProvider<Occasions> occasions, ObjectProvider<Clock> clock, ConfigurableEnvironment environment) {
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
        this.outbox = outbox;
        this.occasions = occasions;
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
        if (change.isOccasion()) {
            Set<String> names = new TreeSet<>();
            customerKeys(change.after()).forEach(key -> names.add(lockName(key)));
            registrations.find(change.id()).ifPresent(known -> known.customerKeys().forEach(key -> names.add(lockName(key))));
            return names;
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

    @Override
    public Effects<Deal> apply(Change<Deal> change) {
        if (!settings.enabled()) {
            return Effects.store(change.after());
        }
        if (change.isOccasion()) {
            return onOccasion(change);
        }
        if (change.source().isPartner() && !Boolean.TRUE.equals(change.after().registrationRequested()) && statusOf(change.before()) == RegistrationStatus.NONE) {
            return Effects.store(change.after()); // a partner deal nobody asked to register: plain sync
        }
        return change.source().isPartner() ? fromPartner(change) : fromVendor(change);
    }

    /**
     * A partner's deal: decide it when it is marked for registration; decide it again when the rep
     * changed the customer or the product line of a live registration, or fixed a registration the
     * policy rejected (a channel manager's rejection stands); otherwise keep its decision.
     */
    private Effects<Deal> fromPartner(Change<Deal> change) {
        Deal deal = change.after();
        Effects<Deal> plain = Effects.store(deal);
        boolean marked = Boolean.TRUE.equals(deal.registrationRequested());
        RegistrationRecord known = registrations.find(change.id()).orElse(null);
        if (known == null) {
            return marked ? decided(change.source().connector(), decide(change.id(), deal), null, plain) : plain;
        }
        boolean moved = known.status() != RegistrationStatus.EXPIRED && known.status() != RegistrationStatus.REJECTED
                && (!known.customerKeys().equals(customerKeys(deal)) || !Objects.equals(known.productLine(), policy.productLine(deal.product())));
        boolean fixed = known.status() == RegistrationStatus.REJECTED && !RuleIds.isManagers(known.rule()) && marked
                && businessChanged(change.before(), deal);
        if (moved || fixed) {
            return decided(change.source().connector(), decide(change.id(), deal), known, plain);
        }
        return lapseIfClosed(known.withStage(deal.stage()), known, plain, change.incoming());
    }

    /**
     * A vendor deal: index the vendor's own open opportunities; for a registered deal, take the
     * channel manager's move (see {@link RegistrationPolicy#byManager}) and keep PartnerSync's decision otherwise.
     */
    private Effects<Deal> fromVendor(Change<Deal> change) {
        Deal deal = change.after();
        Effects<Deal> indexed = indexVendorOpportunity(change);
        if (statusOf(change.before()) == RegistrationStatus.NONE && deal.registrationStatus() == RegistrationStatus.NONE) {
            return indexed;
        }
        RegistrationRecord known = registrations.find(change.id()).orElse(null);
        if (known == null) {
            return indexed;
        }
        // while PartnerSync still owes the vendor CRM a newer decision, what it shows is the old one, not a manager's
        Optional<Decision> manager = deal.registrationStatus() == known.status() || outbox.isPending(change.source().connector(), EntityType.DEAL, change.id())
                ? Optional.empty() : policy.byManager(known.existing(), known.reason(), deal.registrationStatus(), deal.registrationReason(),
                        deal.exclusiveUntil(), LocalDate.now(clock));
        if (manager.isPresent()) {
            return decided(change.source().connector(), known.withStage(deal.stage()).with(linked(manager.get(), known)), known, indexed);
        }
        return lapseIfClosed(known.withStage(deal.stage()), known, indexed, change.incoming());
    }

    /**
     * A decision no CRM's change made: {@link #EXPIRY} ends an approved registration whose
     * exclusivity ran out (re-read under the customer's locks: a decision made meanwhile stands);
     * {@link #EXTENSION} grants the single extension when the rules allow one.
     */
    private Effects<Deal> onOccasion(Change<Deal> change) {
        Effects<Deal> unchanged = Effects.store(change.after());
        LocalDate today = LocalDate.now(clock);
        if (change.isOccasion(EXPIRY)) {
            RegistrationRecord known = registrations.findApprovedForUpdate(change.id()).orElse(null);
            Optional<Decision> lapse = known == null ? Optional.empty() : policy.lapse(known.existing(), today);
            return lapse.isEmpty() ? unchanged : decided(ACTOR, known.with(linked(lapse.get(), known)), known, unchanged);
        }
        if (change.isOccasion(EXTENSION)) {
            RegistrationRecord known = registrations.find(change.id()).orElse(null);
            Decision decision = known == null ? null : policy.extend(known.existing(), known.extended(), today);
            return decision == null || !RegistrationPolicy.granted(decision) ? unchanged
                    : decided(change.source().connector(), known.extendedTo(decision), known, unchanged);
        }
        return unchanged;
    }

    /** {@code decision} with the registration's links to competing registrations and the vendor's opportunities kept. */
    private static Decision linked(Decision decision, RegistrationRecord known) {
        return new Decision(decision.status(), decision.rule(), decision.reason(), decision.exclusiveUntil(), known.conflictsWith(),
                known.directOpportunities());
    }

    private RegistrationRecord decide(UUID dealId, Deal deal) {
        Registration registration = Registration.of(dealId, deal);
        Partner partner = canonical.findById(EntityType.PARTNER, deal.partnerId())
                .map(row -> (Partner) CanonicalFields.fromMap(EntityType.PARTNER, row.fields()))
                .orElseThrow(() -> new IllegalStateException("deal " + dealId + " names partner " + deal.partnerId() + ", which is not in the store"));
        List<String> keys = registration.customerKeys();
        List<ExistingRegistration> existing = keys.isEmpty() ? List.of()
                : registrations.forCustomer(keys, dealId).stream().map(RegistrationRecord::existing).toList();
        List<DirectOpportunity> direct = keys.isEmpty() ? List.of() : registrations.vendorOpportunities(keys);
        Decision decision = policy.decide(registration, partner, existing, direct, LocalDate.now(clock));
        return new RegistrationRecord(dealId, deal.partnerId(), keys, policy.productLine(deal.product()), decision.status(), decision.rule(),
                decision.reason(), decision.exclusiveUntil(), false, decision.conflictsWith(), decision.directOpportunities(), deal.stage());
    }

    /**
     * An approved registration whose deal closed (or whose exclusivity ended) lapses now; otherwise
     * the decision is kept, and written back when the CRM shows another (edited in the wrong place,
     * or not delivered yet).
     */
    private Effects<Deal> lapseIfClosed(RegistrationRecord now, RegistrationRecord known, Effects<Deal> effects, Deal incoming) {
        Optional<Decision> lapsed = policy.lapse(now.existing(), LocalDate.now(clock));
        RegistrationRecord next = lapsed.map(now::with).orElse(now);
        if (lapsed.isPresent() || now.stage() != known.stage()) {
            return decided(ACTOR, next, known, effects);
        }
        Effects<Deal> kept = effects.storing(withDecision(effects.record(), known));
        return matchesDecision(incoming, known) ? kept : kept.with(new Effects.WriteBack());
    }

    /** The registration saved and its decision put on the deal and written back; a changed decision is audited. */
    private static Effects<Deal> decided(String actor, RegistrationRecord next, RegistrationRecord known, Effects<Deal> effects) {
        Effects<Deal> decided = effects.storing(withDecision(effects.record(), next)).with(next).with(new Effects.WriteBack());
        return next.sameDecision(known) ? decided : decided.with(auditEvent(actor, next));
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

    /**
     * Grants the single extension when the rules allow one: asked of the deal's steps as the
     * occasion {@link #EXTENSION}, under the customer's locks, and queued for every CRM.
     */
    @Transactional
    ExtensionResult extend(UUID dealId, String actor) {
        RegistrationRecord seen = registrations.find(dealId).orElse(null);
        if (seen == null) {
            return new Unknown();
        }
        Decision asked = policy.extend(seen.existing(), seen.extended(), LocalDate.now(clock));
        if (!RegistrationPolicy.granted(asked)) {
            return new Refused(asked.reason());
        }
        occasions.getObject().decide(EntityType.DEAL, dealId, EXTENSION, actor);
        RegistrationRecord now = registrations.find(dealId).orElseThrow();
        // another decision made meanwhile (under the customer's locks) may have left nothing to extend
        return now.extended() && !seen.extended() ? new Extended(now)
                : new Refused(policy.extend(now.existing(), now.extended(), LocalDate.now(clock)).reason());
    }

    static Deal withDecision(Deal deal, RegistrationRecord r) {
        return deal.withRegistration(r.status(), r.reason(), r.exclusiveUntil(), r.conflictsWith().isEmpty() ? null : r.conflictsWith().get(0));
    }

    private static boolean matchesDecision(Deal crm, RegistrationRecord r) {
        return crm.registrationStatus() == r.status() && Objects.equals(crm.registrationReason(), r.reason())
                && Objects.equals(crm.exclusiveUntil(), r.exclusiveUntil());
    }

    /** The vendor's own open opportunity indexed by its customer keys, or taken out of the index when it went to a partner. */
    private Effects<Deal> indexVendorOpportunity(Change<Deal> change) {
        Deal deal = change.after();
        Effects<Deal> effects = Effects.store(deal);
        List<String> keys = customerKeys(deal);
        if (deal.partnerId() == null && !isClosed(deal.stage()) && !keys.isEmpty()) {
            return effects.with(new RegistrationRow.VendorOpportunity(change.id(), change.externalId(), deal.name(), keys,
                    policy.productLine(deal.product())));
        }
        if (change.before() != null && change.before().partnerId() == null) {
            return effects.with(new RegistrationRow.VendorOpportunityGone(change.id()));
        }
        return effects;
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
        return new Effects.Audit(actor, "registration-" + r.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.rule(),
                r.reason(), detail);
    }

    private static List<String> customerKeys(Deal deal) {
        return CustomerKey.all(deal.customerDomain(), deal.customerName());
    }

    /** Whether the rep changed what a decision is made on (customer, product, amount, close date). */
    private static boolean businessChanged(Deal before, Deal after) {
        return before == null || !Objects.equals(before.customerName(), after.customerName())
                || !Objects.equals(before.customerDomain(), after.customerDomain()) || !Objects.equals(before.product(), after.product())
                || !Objects.equals(before.amount(), after.amount()) || !Objects.equals(before.currency(), after.currency())
                || !Objects.equals(before.closeDate(), after.closeDate());
    }

    private static RegistrationStatus statusOf(Deal deal) {
        return deal == null ? RegistrationStatus.NONE : deal.registrationStatus();
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
