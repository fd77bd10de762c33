package io.partnersync.registration.policy;

/** The stable ids in {@link Decision#rule()}: safe to count, filter and alert on. */
public final class RuleIds {

    public static final String DUPLICATE_SAME_PARTNER = "duplicate.same-partner";
    public static final String PARTNER_ACTIVE = "eligibility.partner-active";
    public static final String REQUIRED_FIELD = "eligibility.required-field";
    public static final String CLOSE_DATE = "eligibility.close-date";
    public static final String TIER = "eligibility.tier";
    public static final String TIER_PRODUCT = "eligibility.tier-product";
    public static final String TIER_AMOUNT = "eligibility.tier-amount";
    public static final String CONFLICT_OTHER_PARTNER = "conflict.other-partner";
    public static final String CONFLICT_VENDOR_DIRECT = "conflict.vendor-direct";
    public static final String APPROVAL_AUTO = "approval.auto";
    public static final String APPROVAL_REVIEW = "approval.review";
    public static final String EXPIRY_EXPIRED = "expiry.expired";
    public static final String EXPIRY_CLOSED = "expiry.closed";
    public static final String EXTENSION_GRANTED = "extension.granted";
    public static final String EXTENSION_REFUSED = "extension.refused";
    public static final String MANAGER_APPROVED = "manager.approved";
    public static final String MANAGER_REJECTED = "manager.rejected";
    public static final String MANAGER_EXPIRED = "manager.expired";

    /** Whether {@code rule} is a channel manager's call (final: a rep's fix does not reopen it). */
    public static boolean isManagers(String rule) {
        return rule != null && rule.startsWith("manager.");
    }

    private RuleIds() {
    }
}
