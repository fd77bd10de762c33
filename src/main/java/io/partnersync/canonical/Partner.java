package io.partnersync.canonical;

import java.util.List;

/**
 * A reseller, integrator or consultant that sells the vendor's products.
 *
 * @param key short stable name that connector configuration uses to say which partner a
 *     partner CRM belongs to (for example {@code acme})
 * @param capacity how many open leads the partner takes at once; {@code null} means no limit
 */
public record Partner(
        String key,
        String name,
        PartnerTier tier,
        PartnerStatus status,
        List<String> territories,
        List<String> specializations,
        Integer capacity) implements CanonicalRecord {

    public Partner {
        Fields.require("key", key);
        Fields.require("name", name);
        territories = Fields.list(territories);
        specializations = Fields.list(specializations);
        if (capacity != null && capacity < 0) {
            throw new InvalidRecordException("capacity", "must not be negative, was " + capacity);
        }
    }

    public enum PartnerTier { REGISTERED, SILVER, GOLD, PLATINUM }

    public enum PartnerStatus { PROSPECT, ACTIVE, SUSPENDED, TERMINATED }
}
