package io.partnersync.registration.policy;

import io.partnersync.canonical.Partner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the registration service does around the policy, in memory: index registrations under
 * every customer key, look them up by every key, persist each decision. Lets tests follow a
 * customer through several submissions.
 */
final class Ledger {

    private final RegistrationPolicy policy;
    private final Map<String, Set<UUID>> byKey = new HashMap<>();
    private final Map<UUID, ExistingRegistration> registrations = new LinkedHashMap<>();
    private final List<DirectOpportunity> direct = new ArrayList<>();

    Ledger(RegistrationPolicy policy) {
        this.policy = policy;
    }

    Decision submit(Registration registration, Partner partner, LocalDate today) {
        List<ExistingRegistration> existing = registration.customerKeys().stream()
                .flatMap(key -> byKey.getOrDefault(key, Set.of()).stream())
                .distinct().map(registrations::get).toList();
        Decision decision = policy.decide(registration, partner, existing, direct, today);
        save(new ExistingRegistration(registration.dealId(), registration.partnerId(), partner.name(),
                policy.productLine(registration.product()), decision.status(), decision.exclusiveUntil(), registration.stage()));
        registration.customerKeys().forEach(key -> byKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(registration.dealId()));
        return decision;
    }

    void lapseAll(LocalDate today) {
        List.copyOf(registrations.values()).forEach(r -> policy.lapse(r, today).ifPresent(d -> save(
                new ExistingRegistration(r.dealId(), r.partnerId(), r.partnerName(), r.productLine(), d.status(), d.exclusiveUntil(), r.stage()))));
    }

    ExistingRegistration get(UUID dealId) {
        return registrations.get(dealId);
    }

    private void save(ExistingRegistration registration) {
        registrations.put(registration.dealId(), registration);
    }
}
