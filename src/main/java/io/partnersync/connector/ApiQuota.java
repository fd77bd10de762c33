package io.partnersync.connector;

import java.util.Optional;

/**
 * How much of a CRM's API allowance a connector has used, as the CRM last reported it.
 *
 * @param window the allowance's period, in words ("24 hours", "10 seconds")
 */
public record ApiQuota(long used, long limit, String window) {

    public long left() {
        return Math.max(0, limit - used);
    }

    /** Used share of the allowance, 0 to 1. */
    public double share() {
        return limit <= 0 ? 0 : (double) used / limit;
    }

    /** The quota of each connector its CRM type holds. */
    public interface Source {
        Optional<ApiQuota> quota(String connector);
    }
}
