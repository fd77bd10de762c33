package io.partnersync.payout;

import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.Payout;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * A paid payout is never edited: a change to its partner, deal, type, amount or currency coming from
 * any CRM is not taken: the store, and so every other CRM, keeps the paid values, with an audit
 * entry naming who showed what (the payout reconciliation names that CRM until it is put right). Taking money back is a reversal line.
 * Every status a CRM reports (calculated, approved, paid) is recorded in the audit trail, the
 * payout's append-only history.
 */
@Service
class PaidPayoutGuard implements DomainStep<Payout> {

    static final String RULE = "payout.paid-unchanged";

    @Override
    public String name() {
        return "paid-payout-guard";
    }

    @Override
    public EntityType entity() {
        return EntityType.PAYOUT;
    }

    @Override
    public Effects<Payout> apply(Change<Payout> change) {
        Payout before = change.before();
        Payout after = change.after();
        if (before == null) {
            return Effects.store(after);
        }
        if (before.status() == Payout.PayoutStatus.PAID && !sameMoney(before, after)) {
            Payout kept = new Payout(before.partnerId(), before.dealId(), before.type(), before.amount(), before.currency(),
                    after.status() == Payout.PayoutStatus.REVERSED ? before.status() : after.status(), after.dueDate(), after.reference(),
                    before.period(), before.rule(), before.sourceKey(), before.reverses(), before.reason());
            return Effects.store(kept).with(new Effects.Audit(change.source().connector(), "payout-edit-refused", RULE,
                    "payout " + Objects.toString(before.reference(), change.id().toString()) + " is paid: " + before.amount().toPlainString() + " "
                            + before.currency() + " stays; " + change.source().connector() + " showed " + after.amount().toPlainString() + " "
                            + after.currency() + ". Take money back with a reversal, never an edit.", Map.of()));
        }
        if (before.status() != after.status()) {
            return Effects.store(after).with(new Effects.Audit(change.source().connector(), "payout-" + after.status().name().toLowerCase(Locale.ROOT),
                    null, "payout " + Objects.toString(after.reference(), change.id().toString()) + " is " + after.status().name().toLowerCase(Locale.ROOT)
                            + " (was " + before.status().name().toLowerCase(Locale.ROOT) + ") in " + change.source().connector(), Map.of()));
        }
        return Effects.store(after);
    }

    /** A paid payout deleted in a CRM stays in the ledger (and in the partner's CRM); the deletion is kept as a failure saying so. */
    @Override
    public Optional<String> refuseArchive(Payout stored) {
        return stored.status() == Payout.PayoutStatus.PAID
                ? Optional.of("payout " + Objects.toString(stored.reference(), "") + " is paid and stays in the ledger although it was"
                        + " deleted here: take money back with a reversal (reopen its deal), or resolve this failure once the record is restored")
                : Optional.empty();
    }

    private static boolean sameMoney(Payout a, Payout b) {
        return a.amount().compareTo(b.amount()) == 0 && a.currency().equals(b.currency()) && Objects.equals(a.partnerId(), b.partnerId())
                && Objects.equals(a.dealId(), b.dealId()) && a.type() == b.type();
    }
}
