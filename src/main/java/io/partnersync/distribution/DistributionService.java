package io.partnersync.distribution;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.Lead;
import io.partnersync.canonical.Lead.LeadStatus;
import io.partnersync.canonical.Partner;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.config.Connectors;
import io.partnersync.distribution.LeadAssignments.Assignment;
import io.partnersync.distribution.LeadAssignments.Closed;
import io.partnersync.distribution.LeadAssignments.Opened;
import io.partnersync.distribution.policy.Candidate;
import io.partnersync.distribution.policy.Choice;
import io.partnersync.distribution.policy.DistributionPolicy;
import io.partnersync.distribution.policy.DistributionRuleIds;
import io.partnersync.distribution.policy.LeadFacts;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Distributes leads on the ingest path, as the lead's {@link DomainStep}. A lead the vendor asks to
 * distribute ({@code distributionRequested}) is given by the {@link DistributionPolicy} to one
 * partner, or kept with the reason; the lead then goes to that partner's CRM only (the outbox
 * routes a lead to the partner it belongs to) with its deadline, and the decision goes back to the
 * vendor CRM. The rep's accept or reject comes from their CRM: accepted, the vendor sees who and
 * when; rejected (or the deadline passed, see {@link LeadDeadlines}), the lead is withdrawn from that
 * partner (its copy marked recalled, never deleted) and given to the next eligible one, never to one
 * that had it, until {@code max-assignments}, then back to the vendor's queue with the reason.
 *
 * <p>PartnerSync owns the decision fields (status while distributed, partner, deadline, reason,
 * acceptance): edits of them in the vendor CRM are put back, other vendor edits reach the partner's
 * copy. One lead is decided under its own lock, so it is with at most one partner at any time
 * (also across instances; the database refuses a second open assignment). Every assignment,
 * acceptance, rejection, expiry and recall is audited with its rule.
 */
@Service
public class DistributionService implements DomainStep<Lead> {

    static final String ACTOR = "distribution-policy";
    /** The occasion on which a lead whose partner did not answer in time is taken back (see {@link LeadDeadlines}). */
    static final String DEADLINE = "lead-deadline";

    private final DistributionSettings settings;
    private final DistributionPolicy policy;
    private final LeadAssignments assignments;
    private final CanonicalRepository canonical;
    private final Connectors connectors;
    private final MeterRegistry meters;
    private final Clock clock;

    DistributionService(DistributionSettings settings, LeadAssignments assignments, CanonicalRepository canonical, Connectors connectors,
                        MeterRegistry meters, ObjectProvider<Clock> clock, ConfigurableEnvironment environment) {
        this.settings = settings;
        try {
            this.policy = new DistributionPolicy(settings.rules());
        } catch (IllegalArgumentException e) {
            String key = "partnersync.distribution." + e.getMessage().split(" ", 2)[0];
            String origin = InvalidConfigurationException.originOf(environment, key);
            throw new InvalidConfigurationException(origin == null ? "configuration" : origin, key, "expected " + e.getMessage());
        }
        this.assignments = assignments;
        this.canonical = canonical;
        this.connectors = connectors;
        this.meters = meters;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public String name() {
        return "distribution";
    }

    @Override
    public EntityType entity() {
        return EntityType.LEAD;
    }

    static String lockName(UUID leadId) {
        return "lead:" + leadId;
    }

    /** A known lead that is or may be distributed is decided under its own lock (a new one has nobody else deciding it). */
    @Override
    public Set<String> locks(Change<Lead> change) {
        if (!settings.enabled() || change.id() == null) {
            return Set.of();
        }
        boolean distributed = change.isOccasion() || Boolean.TRUE.equals(change.after().distributionRequested())
                || change.before() != null && Boolean.TRUE.equals(change.before().distributionRequested());
        return distributed ? Set.of(lockName(change.id())) : Set.of();
    }

    @Override
    public Effects<Lead> apply(Change<Lead> change) {
        if (!settings.enabled()) {
            return Effects.store(change.after());
        }
        if (change.isOccasion()) {
            return change.isOccasion(DEADLINE) ? deadlinePassed(change) : Effects.store(change.after());
        }
        return change.source().isPartner() ? fromPartner(change) : fromVendor(change);
    }

    /**
     * The vendor's lead: distribute it when newly asked for; recall it when the vendor closed it
     * (disqualified) while a partner has it; otherwise keep PartnerSync's decision and let every
     * other edit through.
     */
    private Effects<Lead> fromVendor(Change<Lead> change) {
        Lead after = change.after();
        Lead before = change.before();
        boolean requested = Boolean.TRUE.equals(after.distributionRequested());
        boolean wasRequested = before != null && Boolean.TRUE.equals(before.distributionRequested());
        if (!requested && !wasRequested) {
            return Effects.store(after); // not distributed by PartnerSync: the vendor assigns it by hand
        }
        List<Assignment> history = before == null ? List.of() : assignments.history(change.id());
        if (history.isEmpty() && (before == null || before.status() != LeadStatus.RETURNED)) {
            Decided decided = decide(change.id(), after, Set.of(), 0);
            return writtenBack(decided.effects(ACTOR, Effects.store(after)));
        }
        Lead kept = withDecision(after, before);
        Optional<Assignment> open = history.stream().filter(a -> a.outcome() == null).findFirst();
        Assignment holder = open.orElse(history.isEmpty() ? null : history.get(history.size() - 1));
        boolean closedByVendor = after.status() == LeadStatus.DISQUALIFIED && before.status() != LeadStatus.DISQUALIFIED
                && holder != null && before.partnerId() != null && (open.isPresent() || "ACCEPTED".equals(holder.outcome()));
        if (closedByVendor) {
            String reason = "Recalled: closed by the vendor on " + now().truncatedTo(ChronoUnit.SECONDS) + ".";
            Lead recalled = decision(kept, LeadStatus.DISQUALIFIED, null, null, reason, kept.acceptedAt(), kept.rejectionReason());
            Effects<Lead> audited = Effects.store(recalled).with(new Effects.Audit(ACTOR, "lead-recalled", DistributionRuleIds.RECALLED, reason,
                    detail(before.partnerId(), holder.attempt())));
            Effects<Lead> effects = open.map(a -> audited.with(new Closed(a, "RECALLED", now()))).orElse(audited);
            Effects<Lead> withdrawn = connectorOf(before.partnerId()).map(c -> effects.with(new Effects.Withdraw(c))).orElse(effects);
            count("recalled", before.partnerId());
            return writtenBack(withdrawn);
        }
        Effects<Lead> effects = Effects.store(kept);
        // the vendor CRM shows another decision than PartnerSync's (edited there, or not written yet): put it back
        return sameDecision(change.incoming(), kept) ? effects : effects.with(new Effects.WriteBack());
    }

    /**
     * A partner's copy: the rep's accept or reject of the lead it holds; after acceptance, the rep's
     * progress flows on. A copy the partner no longer holds (recalled) changes nothing.
     */
    private Effects<Lead> fromPartner(Change<Lead> change) {
        Lead before = change.before();
        Lead after = change.after();
        if (before == null) {
            return Effects.store(after); // a contact the rep created: not a distributed lead
        }
        UUID speaker = canonical.findPartnerIdByKey(change.source().partner()).orElse(null);
        if (!Objects.equals(before.partnerId(), speaker)) {
            return Effects.store(before); // a recalled copy: what the rep does there stays theirs
        }
        Optional<Assignment> open = Boolean.TRUE.equals(before.distributionRequested()) ? assignments.open(change.id()) : Optional.empty();
        if (open.isEmpty() || !open.get().partnerId().equals(speaker)) {
            return Effects.store(withVendorDecision(after, before));
        }
        Assignment assignment = open.get();
        if (after.status() == LeadStatus.ACCEPTED) {
            String reason = "Accepted by " + partnerName(speaker) + " on " + now().truncatedTo(ChronoUnit.SECONDS) + ".";
            Lead accepted = decision(after, LeadStatus.ACCEPTED, speaker, before.acceptBy(), reason, now(), null);
            count("accepted", speaker);
            return Effects.store(accepted).with(new Closed(assignment, "ACCEPTED", now()))
                    .with(new Effects.Audit(ACTOR, "lead-accepted", DistributionRuleIds.ACCEPTED, reason, detail(speaker, assignment.attempt())));
        }
        if (after.status() == LeadStatus.REJECTED) {
            count("rejected", speaker);
            String why = after.rejectionReason() == null || after.rejectionReason().isBlank() ? "no reason given" : after.rejectionReason().strip();
            Effects<Lead> rejected = Effects.store(after).with(new Closed(assignment, "REJECTED", now())).with(new Effects.Audit(ACTOR, "lead-rejected",
                    DistributionRuleIds.REJECTED, "Rejected by " + partnerName(speaker) + ": " + why + ".", detail(speaker, assignment.attempt())));
            Decided next = decide(change.id(), after, assignments.partnersHad(change.id()), assignment.attempt());
            Effects<Lead> effects = next.effects(ACTOR, rejected);
            return connectorOf(speaker).map(c -> effects.with(new Effects.Withdraw(c))).orElse(effects);
        }
        return Effects.store(withVendorDecision(after, before));
    }

    /**
     * The partner's time to answer passed (the occasion {@link #DEADLINE}, re-read under the lead's
     * lock: an answer that came meanwhile stands): the assignment expires, the lead is withdrawn from
     * that partner's CRM and given to the next eligible partner, or back to the vendor's queue.
     */
    private Effects<Lead> deadlinePassed(Change<Lead> change) {
        Effects<Lead> unchanged = Effects.store(change.after());
        Assignment open = assignments.open(change.id()).orElse(null);
        Instant now = now();
        if (open == null || !open.acceptBy().isBefore(now)) {
            return unchanged;
        }
        if (change.occasion().archived()) {
            return unchanged.with(new Closed(open, "RECALLED", now)); // deleted in the vendor CRM meanwhile: its copy was marked recalled with the deletion
        }
        count("expired", open.partnerId());
        Effects<Lead> expired = unchanged.with(new Closed(open, "EXPIRED", now)).with(new Effects.Audit(ACTOR, "lead-expired", DistributionRuleIds.EXPIRED,
                "No answer by " + open.acceptBy().truncatedTo(ChronoUnit.SECONDS) + ": taken back.", detail(open.partnerId(), open.attempt())));
        Decided next = decide(change.id(), change.after(), assignments.partnersHad(change.id()), open.attempt());
        // a lead kept by the vendor is audited with the partner that let it pass
        UUID audited = next.choice().partnerId() == null ? open.partnerId() : next.choice().partnerId();
        Effects<Lead> effects = next.opened().map(expired::with).orElse(expired).storing(next.lead())
                .with(new Effects.Audit(ACTOR, next.choice() instanceof Choice.Assign ? "lead-assigned" : "lead-returned", next.choice().rule(),
                        next.choice().reason(), detail(audited, next.attempt())));
        return connectorOf(open.partnerId()).map(c -> effects.with(new Effects.Withdraw(c))).orElse(effects);
    }

    /** A decision for a lead, made under its lock: the next partner, or the vendor's queue. */
    Decided decide(UUID leadId, Lead lead, Set<UUID> excluded, int attemptsSoFar) {
        LeadFacts facts = new LeadFacts(lead.country(), lead.state(), lead.postalCode(), lead.productInterest());
        List<Candidate> candidates = facts.country() == null ? List.of() : assignments.candidates(territoryKeys(facts));
        Choice choice = policy.choose(facts, candidates, excluded, attemptsSoFar);
        Instant now = now();
        if (choice instanceof Choice.Assign assign) {
            Instant acceptBy = now.plus(settings.acceptWithin()).truncatedTo(ChronoUnit.SECONDS);
            Opened opened = new Opened(new Assignment(leadId, attemptsSoFar + 1, assign.partner().id(), now, acceptBy, null, null, choice.rule(),
                    choice.reason()));
            count("assigned", assign.partner().id());
            Lead given = decision(lead, LeadStatus.ASSIGNED, assign.partner().id(), acceptBy, choice.reason(), null, lead.rejectionReason());
            return new Decided(given, choice, attemptsSoFar + 1, Optional.of(opened));
        }
        count("returned", null);
        return new Decided(decision(lead, LeadStatus.RETURNED, null, null, choice.reason(), null, lead.rejectionReason()), choice, attemptsSoFar,
                Optional.empty());
    }

    /**
     * @param attempt the assignment's number, or the attempts so far when the lead was kept
     * @param opened the new assignment, when the lead was given to a partner
     */
    record Decided(Lead lead, Choice choice, int attempt, Optional<Opened> opened) {

        /** {@code effects} with this decision: the lead decided, the assignment opened, the decision audited. */
        Effects<Lead> effects(String actor, Effects<Lead> effects) {
            Effects<Lead> decided = effects.storing(lead).with(audit(actor));
            return opened.map(decided::with).orElse(decided);
        }

        Effects.Audit audit(String actor) {
            String action = choice instanceof Choice.Assign ? "lead-assigned" : "lead-returned";
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("partnerId", choice.partnerId() == null ? null : choice.partnerId().toString());
            detail.put("attempt", attempt);
            return new Effects.Audit(actor, action, choice.rule(), choice.reason(), detail);
        }
    }

    /** The partner connector that holds the partner's leads, if one is configured. */
    Optional<String> connectorOf(UUID partnerId) {
        if (partnerId == null) {
            return Optional.empty();
        }
        String key = canonical.findById(EntityType.PARTNER, partnerId)
                .map(row -> ((Partner) CanonicalFields.fromMap(EntityType.PARTNER, row.fields())).key()).orElse(null);
        return connectors.all().stream()
                .filter(c -> c.role() == ConnectorProperties.ConnectorRole.PARTNER && Objects.equals(c.partner(), key) && c.syncs(EntityType.LEAD))
                .map(ConnectorProperties::name).findFirst();
    }

    /** The keys a lead's territory matches in partners' territories: country, country-region, country:postal-prefix. */
    static Set<String> territoryKeys(LeadFacts lead) {
        Set<String> keys = new LinkedHashSet<>();
        String country = lead.country().strip().toUpperCase(Locale.ROOT);
        keys.add(country);
        if (lead.region() != null && !lead.region().isBlank()) {
            String region = lead.region().strip().toUpperCase(Locale.ROOT);
            keys.add(region.contains("-") ? region : country + "-" + region);
        }
        if (lead.postalCode() != null && !lead.postalCode().isBlank()) {
            String postal = lead.postalCode().strip().toUpperCase(Locale.ROOT).replace(" ", "");
            for (int i = 1; i <= postal.length(); i++) {
                keys.add(country + ":" + postal.substring(0, i));
            }
        }
        return keys;
    }

    private Effects<Lead> writtenBack(Effects<Lead> effects) {
        return effects.with(new Effects.WriteBack());
    }

    /** The vendor's edit, with PartnerSync's decision fields and the rep's progress as they were (the rep reports progress, not the vendor). */
    private static Lead withDecision(Lead vendor, Lead stored) {
        Lead decided = decision(vendor, stored.status(), stored.partnerId(), stored.acceptBy(), stored.distributionReason(), stored.acceptedAt(),
                stored.rejectionReason());
        return Objects.equals(decided.progress(), stored.progress()) ? decided : withProgress(decided, stored.progress());
    }

    private static Lead withProgress(Lead l, String progress) {
        return new Lead(l.firstName(), l.lastName(), l.email(), l.company(), l.domain(), l.country(), l.productInterest(), l.status(), l.partnerId(),
                l.acceptBy(), l.state(), l.postalCode(), l.distributionRequested(), l.distributionReason(), l.acceptedAt(), l.rejectionReason(),
                l.phone(), l.title(), l.street(), l.city(), progress);
    }

    /** The rep's edit (their progress after accepting), with the fields only PartnerSync sets as they were. */
    private static Lead withVendorDecision(Lead partner, Lead stored) {
        LeadStatus status = partner.status() == LeadStatus.REJECTED || partner.status() == LeadStatus.RECALLED ? stored.status() : partner.status();
        return decision(partner, status, stored.partnerId(), stored.acceptBy(), stored.distributionReason(), stored.acceptedAt(),
                partner.rejectionReason());
    }

    private static boolean sameDecision(Lead crm, Lead decided) {
        return crm.status() == decided.status() && Objects.equals(crm.partnerId(), decided.partnerId())
                && Objects.equals(crm.acceptBy(), decided.acceptBy()) && Objects.equals(crm.distributionReason(), decided.distributionReason());
    }

    static Lead decision(Lead l, LeadStatus status, UUID partnerId, Instant acceptBy, String reason, Instant acceptedAt, String rejectionReason) {
        return new Lead(l.firstName(), l.lastName(), l.email(), l.company(), l.domain(), l.country(), l.productInterest(), status, partnerId,
                acceptBy, l.state(), l.postalCode(), l.distributionRequested(), reason, acceptedAt, rejectionReason, l.phone(), l.title(), l.street(),
                l.city(), l.progress());
    }

    private String partnerName(UUID partnerId) {
        return canonical.findById(EntityType.PARTNER, partnerId).map(row -> (String) row.fields().get("name")).orElse("the partner");
    }

    private static Map<String, Object> detail(UUID partnerId, int attempt) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("partnerId", partnerId == null ? null : partnerId.toString());
        detail.put("attempt", attempt);
        return detail;
    }

    /** Counts an outcome once its transaction commits (a rolled-back decision counts nothing). */
    void count(String outcome, UUID partnerId) {
        String partner = partnerId == null ? "none" : canonical.findById(EntityType.PARTNER, partnerId)
                .map(row -> (String) row.fields().get("key")).orElse("unknown");
        Runnable increment = () -> meters.counter("partnersync.leads", "outcome", outcome, "partner", partner).increment();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    increment.run();
                }
            });
        } else {
            increment.run();
        }
    }

    Instant now() {
        return clock.instant();
    }

    DistributionSettings settings() {
        return settings;
    }
}
