package io.partnersync.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.CustomerKey;
import io.partnersync.canonical.Deal;
import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.Partner;
import io.partnersync.config.ConnectorProperties.ConnectorRole;
import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.governance.registration.Decision;
import io.partnersync.governance.registration.ExistingRegistration;
import io.partnersync.governance.registration.Registration;
import io.partnersync.governance.registration.RegistrationPolicy;
import io.partnersync.mapping.RecordMapper;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.store.IngestRule;
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
 * Governs deal registrations on the ingest path (see {@link IngestRule}): a partner deal marked for
 * registration in the partner's CRM is decided by the {@link RegistrationPolicy} before it is
 * stored, and the decision (status, reason, exclusivity, competing registration) is stored on the
 * deal, so it flows to the vendor CRM and back to the partner's own CRM with the same outbox
 * delivery as any change. The channel manager's approve or reject in the vendor CRM is taken from
 * the vendor's deals; other changes to the decision fields are not, so nobody decides by editing a
 * field in the wrong place.
 *
 * <p>Idempotent: a deal already decided is not decided again (unless it was rejected and the rep
 * changed it), and every decision that changes is written once to the audit trail with its rule.
 * Other partners are never named in a reason a partner sees; the channel manager sees the link.
 */
@Service
public class RegistrationService implements IngestRule, io.partnersync.mapping.ExtraReadFields {

    static final String ACTOR = "registration-policy";

    private final RegistrationSettings settings;
    private final RegistrationPolicy policy;
    private final RegistrationRepository registrations;
    private final CanonicalRepository canonical;
    private final AuditRepository audit;
    private final io.partnersync.store.OutboxRepository outbox;
    private final ObjectMapper json;
    private final Clock clock;

    RegistrationService(RegistrationSettings settings, RegistrationRepository registrations, CanonicalRepository canonical,
                        AuditRepository audit, io.partnersync.store.OutboxRepository outbox, ObjectMapper json, ObjectProvider<Clock> clock,
                        org.springframework.core.env.ConfigurableEnvironment environment) {
        this.settings = settings;
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
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The partner CRM field that marks a deal for registration is read from the raw record. */
    @Override
    public List<String> fields(EntityType type) {
        return settings.enabled() && type == EntityType.DEAL ? List.of(settings.trigger().field()) : List.of();
    }

    /** A known partner deal not registered yet whose rep just ticked the marking field. */
    @Override
    public boolean wants(Context context) {
        return settings.enabled() && context.type() == EntityType.DEAL && context.connector().role() == ConnectorRole.PARTNER
                && statusOf(context.current()) == RegistrationStatus.NONE
                && settings.trigger().matches(RecordMapper.valueAt(context.raw(), settings.trigger().field()));
    }

    @Override
    public Result apply(Context context, Map<String, Object> fields) {
        if (!settings.enabled() || context.type() != EntityType.DEAL) {
            return Result.unchanged(fields);
        }
        return context.connector().role() == ConnectorRole.PARTNER ? fromPartner(context, fields) : fromVendor(context, fields);
    }

    /**
     * A partner's deal: decide it when it is marked for registration; decide it again when the rep
     * changed the customer or the product line of a live registration, or fixed a registration the
     * policy rejected (a channel manager's rejection stands); otherwise keep its decision.
     */
    private Result fromPartner(Context context, Map<String, Object> fields) {
        boolean marked = settings.trigger().matches(RecordMapper.valueAt(context.raw(), settings.trigger().field()));
        if (statusOf(context.current()) == RegistrationStatus.NONE && !marked) {
            return Result.unchanged(fields);
        }
        registrations.lockDecisions();
        RegistrationRecord known = registrations.find(context.entityId()).orElse(null);
        if (known == null) {
            return marked ? decided(context.connector().name(), decide(context.entityId(), fields), null, fields) : Result.unchanged(fields);
        }
        boolean moved = known.status() != RegistrationStatus.EXPIRED && known.status() != RegistrationStatus.REJECTED
                && (!known.customerKeys().equals(customerKeys(fields)) || !Objects.equals(known.productLine(), policy.productLine((String) fields.get("product"))));
        boolean fixed = known.status() == RegistrationStatus.REJECTED && !known.rule().startsWith("manager.") && marked
                && businessChanged(context.current(), fields);
        if (moved || fixed) {
            return decided(context.connector().name(), decide(context.entityId(), fields), known, fields);
        }
        return lapseIfClosed(known.withStage(stageOf(fields)), known, fields, context.incoming());
    }

    /**
     * A vendor deal: index the vendor's own open opportunities; for a registered deal, take the
     * channel manager's approve, reject or expire and keep PartnerSync's decision otherwise.
     */
    private Result fromVendor(Context context, Map<String, Object> fields) {
        indexVendorOpportunity(context, fields);
        if (statusOf(context.current()) == RegistrationStatus.NONE && statusOf(fields) == RegistrationStatus.NONE) {
            return Result.unchanged(fields);
        }
        registrations.lockDecisions();
        RegistrationRecord known = registrations.find(context.entityId()).orElse(null);
        if (known == null) {
            return Result.unchanged(fields);
        }
        LocalDate today = LocalDate.now(clock);
        RegistrationStatus asked = statusOf(fields);
        Decision manager = null;
        // while PartnerSync still owes the vendor CRM a newer decision, what it shows is the old one, not a manager's
        if (asked != known.status() && !outbox.isPending(context.connector().name(), EntityType.DEAL, context.entityId())) {
            String reason = Objects.equals(fields.get("registrationReason"), known.reason()) ? null : (String) fields.get("registrationReason");
            if (asked == RegistrationStatus.APPROVED && known.status() == RegistrationStatus.PENDING_REVIEW) {
                manager = policy.approveByManager(today);
                LocalDate set = (LocalDate) fields.get("exclusiveUntil");
                if (set != null && !set.equals(known.exclusiveUntil()) && set.isAfter(today)) {
                    manager = new Decision(manager.status(), manager.rule(), "Approved by the channel manager: exclusive until " + set + ".", set,
                            manager.conflictsWith(), manager.directOpportunities());
                }
            } else if (asked == RegistrationStatus.REJECTED && known.status() != RegistrationStatus.EXPIRED) {
                manager = policy.rejectByManager(reason);
            } else if (asked == RegistrationStatus.EXPIRED && known.status() == RegistrationStatus.APPROVED) {
                manager = new Decision(RegistrationStatus.EXPIRED, "manager.expired", "Expired: ended by the channel manager on " + today + ".",
                        null, List.of(), List.of());
            }
        }
        if (manager != null) {
            Decision withLinks = new Decision(manager.status(), manager.rule(), manager.reason(), manager.exclusiveUntil(), known.conflictsWith(),
                    known.directOpportunities());
            return decided(context.connector().name(), known.withStage(stageOf(fields)).with(withLinks), known, fields);
        }
        return lapseIfClosed(known.withStage(stageOf(fields)), known, fields, context.incoming());
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
        var direct = keys.isEmpty() ? List.<io.partnersync.governance.registration.DirectOpportunity>of() : registrations.vendorOpportunities(keys);
        Decision decision = policy.decide(registration, partner, existing, direct, LocalDate.now(clock));
        return new RegistrationRecord(dealId, deal.partnerId(), keys, policy.productLine(deal.product()), decision.status(), decision.rule(),
                decision.reason(), decision.exclusiveUntil(), false, decision.conflictsWith(), decision.directOpportunities(), deal.stage());
    }

    /**
     * An approved registration whose deal closed (or whose exclusivity ended) lapses now; otherwise
     * the decision is kept, and written back when the CRM shows another (edited in the wrong place,
     * or not delivered yet).
     */
    private Result lapseIfClosed(RegistrationRecord now, RegistrationRecord known, Map<String, Object> fields, Map<String, Object> incoming) {
        Optional<Decision> lapsed = policy.lapse(now.existing(), LocalDate.now(clock));
        RegistrationRecord next = lapsed.map(now::with).orElse(now);
        if (lapsed.isPresent() || now.stage() != known.stage()) {
            return decided(ACTOR, next, known, fields);
        }
        return new Result(withDecision(fields, known), !matchesDecision(incoming, known));
    }

    /** Stores the registration, audits a changed decision, and puts it on the deal. */
    private Result decided(String actor, RegistrationRecord next, RegistrationRecord known, Map<String, Object> fields) {
        registrations.save(next);
        if (!next.sameDecision(known)) {
            audit(actor, next);
        }
        return new Result(withDecision(fields, next), true);
    }

    /** Applies a decision made outside the ingest path (expiry, extension) to the stored registration and audits it. */
    RegistrationRecord record(RegistrationRecord known, RegistrationRecord next, String actor) {
        registrations.save(next);
        if (!next.sameDecision(known)) {
            audit(actor, next);
        }
        return next;
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

    private void indexVendorOpportunity(Context context, Map<String, Object> fields) {
        boolean direct = fields.get("partnerId") == null && !isClosed(stageOf(fields));
        String domain = (String) fields.get("customerDomain");
        String name = (String) fields.get("customerName");
        List<String> keys = CustomerKey.all(domain, name);
        if (direct && !keys.isEmpty()) {
            registrations.saveVendorOpportunity(context.entityId(), context.externalId(), (String) fields.get("name"), keys,
                    policy.productLine((String) fields.get("product")));
        } else if (context.current() != null && context.current().get("partnerId") == null) {
            registrations.removeVendorOpportunity(context.entityId());
        }
    }

    private void audit(String actor, RegistrationRecord r) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", r.rule());
        detail.put("status", r.status().name());
        detail.put("exclusiveUntil", r.exclusiveUntil() == null ? null : r.exclusiveUntil().toString());
        detail.put("partnerId", r.partnerId().toString());
        detail.put("customerKeys", r.customerKeys());
        detail.put("productLine", r.productLine());
        detail.put("conflictsWith", r.conflictsWith().stream().map(UUID::toString).toList());
        detail.put("directOpportunities", r.directOpportunities());
        try {
            audit.append(actor, EntityType.DEAL, r.dealId(), "registration-" + r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    r.reason(), json.writeValueAsString(detail));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit detail of a registration decision", e);
        }
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
