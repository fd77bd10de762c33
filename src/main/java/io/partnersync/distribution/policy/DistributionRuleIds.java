package io.partnersync.distribution.policy;

/** The stable rule ids of lead distribution, in every assignment row and audit event: safe to count and alert on. */
public final class DistributionRuleIds {

    public static final String ASSIGNED = "distribution.assigned";
    public static final String NO_ELIGIBLE_PARTNER = "distribution.no-eligible-partner";
    public static final String MAX_ASSIGNMENTS = "distribution.max-assignments";
    public static final String ACCEPTED = "distribution.accepted";
    public static final String REJECTED = "distribution.rejected";
    public static final String EXPIRED = "distribution.expired";
    public static final String RECALLED = "distribution.recalled";

    private DistributionRuleIds() {
    }
}
