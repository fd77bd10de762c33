package io.partnersync.distribution.policy;

import java.util.UUID;

/** What the policy decided for a lead: one partner, or none, with the rule and a reason in plain words. */
public sealed interface Choice permits Choice.Assign, Choice.Keep {

    String rule();

    String reason();

    /** Give the lead to {@code partner}. */
    record Assign(Candidate partner, String rule, String reason) implements Choice {
    }

    /** Keep the lead in the vendor's queue. */
    record Keep(String rule, String reason) implements Choice {
    }

    default UUID partnerId() {
        return this instanceof Assign assign ? assign.partner().id() : null;
    }
}
