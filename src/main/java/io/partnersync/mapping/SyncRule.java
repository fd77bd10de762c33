package io.partnersync.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Who may change a canonical field when two systems disagree. */
public enum SyncRule {
    /** The newest change wins, from whichever side (by source modification time). */
    TWO_WAY_NEWEST_WINS("two-way-newest-wins"),
    /** Only the vendor CRM sets it; partner values are always ignored (a partner cannot approve its own registration). */
    VENDOR_WINS("vendor-wins"),
    /** The partner's value wins unless it is blank; the vendor only fills it while it is empty. */
    PARTNER_WINS_UNLESS_BLANK("partner-wins-unless-blank"),
    /** Not synced in either direction. */
    NEVER_SYNC("never-sync");

    private final String key;

    SyncRule(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<SyncRule> fromKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(SyncRule::key).toList();
    }
}
