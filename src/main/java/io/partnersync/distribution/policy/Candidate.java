package io.partnersync.distribution.policy;

import io.partnersync.canonical.Partner.PartnerStatus;
import io.partnersync.canonical.Partner.PartnerTier;
import java.util.List;
import java.util.UUID;

/**
 * A partner as distribution sees it.
 *
 * @param territories what it covers: a country ({@code DE}), a region of one ({@code US-CA}), or a
 *     postal-code prefix in one ({@code DE:80} covers 80000 to 80999 and so on)
 * @param specializations the products (or product lines) it is specialized and certified in
 * @param capacity its own limit of open, unanswered leads; {@code null}: the tier's
 * @param openLeads leads it holds now that it has not answered
 * @param assigned how many leads it was ever given
 * @param accepted how many of those it accepted
 */
public record Candidate(UUID id, String key, String name, PartnerTier tier, PartnerStatus status, List<String> territories,
                        List<String> specializations, Integer capacity, int openLeads, long assigned, long accepted) {

    public Candidate {
        territories = territories == null ? List.of() : List.copyOf(territories);
        specializations = specializations == null ? List.of() : List.copyOf(specializations);
    }
}
