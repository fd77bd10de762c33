package io.partnersync.payout;

import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.Deal;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.Partner;
import io.partnersync.canonical.Payout;
import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.payout.policy.DealFacts;
import io.partnersync.payout.policy.Earned;
import io.partnersync.payout.policy.PayoutPolicy;
import io.partnersync.payout.policy.PayoutRuleIds;
import io.partnersync.payout.policy.Reversal;
import io.partnersync.registration.RegistrationService;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import java.util.Locale;
import java.util.Map;

/**
 * The payout step of a deal's change, after registration governance decided it: a deal that closes
 * won earns the payouts the incentive rules give it, created as ledger lines (status calculated) that
 * the engine sends to the vendor's CRM for approval and to the partner's CRM; a deal that is no
 * longer closed-won after earning gets a reversal line per payout. Each line's id derives from its
 * source key, so a replay, a retry, a restart or a second instance creates it once. A refused
 * computation (zero or less) is audited with its reason.
 */
@Service
public class PayoutService implements DomainStep<Deal> {

    static final String ACTOR = "payout-rules";

    private final PayoutSettings settings;
    private final PayoutPolicy policy;
    private final PayoutLedger ledger;
    private final CanonicalRepository canonical;
    private final RegistrationService registrations;

    PayoutService(PayoutSettings settings, PayoutLedger ledger, CanonicalRepository canonical, RegistrationService registrations) {
        this.settings = settings;
        try {
            this.policy = new PayoutPolicy(settings.rules());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("configuration", "partnersync.payouts." + e.getMessage().split(":", 2)[0],
                    e.getMessage().contains(":") ? e.getMessage().split(":", 2)[1].trim() : e.getMessage());
        }
        this.ledger = ledger;
        this.canonical = canonical;
        this.registrations = registrations;
    }

    @Override
    public String name() {
        return "payouts";
    }

    @Override
    public EntityType entity() {
        return EntityType.DEAL;
    }

    /** Only a deal that is or was closed-won takes the lock of its ledger. */
    @Override
    public Set<String> locks(Change<Deal> change) {
        return concerns(change) ? Set.of("payout:" + change.externalId()) : Set.of();
    }

    @Override
    public Effects<Deal> apply(Change<Deal> change) {
        Effects<Deal> effects = Effects.store(change.after());
        if (!concerns(change)) {
            return effects;
        }
        Deal deal = change.after();
        PayoutPolicy.Decision decision = policy.decide(facts(change.id(), deal), ledger.of(change.id()));
        for (Earned earned : decision.earned()) {
            if (earned.refused()) {
                effects = effects.with(new Effects.Audit(ACTOR, "payout-refused", PayoutRuleIds.REFUSED, earned.reason(), Map.of()));
                continue;
            }
            Payout payout = new Payout(earned.partnerId(), change.id(), earned.type(), earned.money().amount(), earned.money().currency(),
                    Payout.PayoutStatus.CALCULATED, null, reference(earned.sourceKey()), earned.period(), earned.rule(), earned.sourceKey(), null,
                    earned.reason());
            effects = effects.with(new Effects.Create(EntityType.PAYOUT, idOf(earned.sourceKey()), payout))
                    .with(new Effects.Audit(ACTOR, "payout-calculated", earned.rule(), earned.reason() + ": " + earned.money(), Map.of()));
        }
        for (Reversal reversal : decision.reversals()) {
            var original = reversal.original();
            Payout line = new Payout(original.partnerId(), change.id(), original.type(), reversal.money().amount(), reversal.money().currency(),
                    Payout.PayoutStatus.REVERSED, null, reference(reversal.sourceKey()), original.period(), PayoutRuleIds.REVERSAL,
                    reversal.sourceKey(), original.id(), reversal.reason());
            effects = effects.with(new Effects.Create(EntityType.PAYOUT, idOf(reversal.sourceKey()), line))
                    .with(new Effects.Audit(ACTOR, "payout-reversed", PayoutRuleIds.REVERSAL, reversal.reason() + ": " + reversal.money(), Map.of()));
        }
        return effects;
    }

    private boolean concerns(Change<Deal> change) {
        return settings.enabled() && (change.after().stage() == Deal.DealStage.CLOSED_WON
                || change.before() != null && change.before().stage() == Deal.DealStage.CLOSED_WON);
    }

    private DealFacts facts(UUID dealId, Deal deal) {
        Partner.PartnerTier tier = null;
        if (deal.partnerId() != null) {
            var partner = canonical.findByIds(EntityType.PARTNER, List.of(deal.partnerId())).get(deal.partnerId());
            if (partner != null) {
                tier = ((Partner) CanonicalFields.fromMap(EntityType.PARTNER, partner.fields())).tier();
            }
        }
        return new DealFacts(dealId, deal.partnerId(), tier, deal.referringPartnerId(), deal.product(),
                deal.product() == null ? null : registrations.productLine(deal.product()), deal.amount(), deal.currency(), deal.stage(),
                deal.registrationStatus(), deal.closeDate());
    }

    /** The line's id: the same source key gives the same id on every instance, every time. */
    static UUID idOf(String sourceKey) {
        return UUID.nameUUIDFromBytes(("partnersync-payout:" + sourceKey).getBytes(StandardCharsets.UTF_8));
    }

    /** A short reference a person can quote: PS- and the first 8 hex digits of the line's id. */
    static String reference(String sourceKey) {
        return "PS-" + idOf(sourceKey).toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }
}
