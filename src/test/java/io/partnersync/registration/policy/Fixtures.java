package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal.DealStage;
import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.canonical.Partner;
import io.partnersync.canonical.Partner.PartnerStatus;
import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.registration.policy.RegistrationRules.ConflictPolicy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A small program and its partners, shared by the policy tests. */
final class Fixtures {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    static final UUID ACME_ID = UUID.fromString("00000000-0000-0000-0000-00000000ac3e");
    static final UUID GLOBEX_ID = UUID.fromString("00000000-0000-0000-0000-0000000010be");
    static final UUID INITECH_ID = UUID.fromString("00000000-0000-0000-0000-00000000111e");

    /** Gold: any line, up to 500000, auto below 50000; Silver: widgets only, up to 100000, auto below 20000; Platinum: no max, auto below 250000; Registered: not listed. */
    static RegistrationRules rules(ConflictPolicy policy) {
        return new RegistrationRules(90, 30, policy,
                Map.of("Widget Pro", "Widgets", "widget lite", "widgets", "Insight", "Analytics"),
                Map.of(PartnerTier.GOLD, new TierRule(Set.of(), money("500000"), money("50000")),
                        PartnerTier.SILVER, new TierRule(Set.of("Widgets"), money("100000"), money("20000")),
                        PartnerTier.PLATINUM, new TierRule(null, null, money("250000"))));
    }

    static RegistrationPolicy policy() {
        return new RegistrationPolicy(rules(ConflictPolicy.REVIEW));
    }

    static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    static Partner partner(String name, PartnerTier tier, PartnerStatus status) {
        return new Partner(name.toLowerCase(), name, tier, status, List.of(), List.of(), null);
    }

    static Partner acme() {
        return partner("Acme", PartnerTier.GOLD, PartnerStatus.ACTIVE);
    }

    static Partner globex() {
        return partner("Globex", PartnerTier.GOLD, PartnerStatus.ACTIVE);
    }

    /** Acme registers Widget Pro for Contoso (contoso.com), 10000 EUR, closing in a month. */
    static Builder registration() {
        return new Builder();
    }

    static ExistingRegistration existing(UUID partnerId, String partnerName, String line, RegistrationStatus status, LocalDate until) {
        return new ExistingRegistration(UUID.randomUUID(), partnerId, partnerName, line, status, until, DealStage.PROSPECTING);
    }

    static ExistingRegistration globexApproved(String line, LocalDate until) {
        return existing(GLOBEX_ID, "Globex", line, RegistrationStatus.APPROVED, until);
    }

    static ExistingRegistration withStage(ExistingRegistration r, DealStage stage) {
        return new ExistingRegistration(r.dealId(), r.partnerId(), r.partnerName(), r.productLine(), r.status(), r.exclusiveUntil(), stage);
    }

    private Fixtures() {
    }

    static final class Builder {
        private UUID dealId = UUID.randomUUID();
        private UUID partnerId = ACME_ID;
        private String customerName = "Contoso";
        private String customerDomain = "contoso.com";
        private String product = "Widget Pro";
        private BigDecimal amount = money("10000");
        private LocalDate closeDate = TODAY.plusDays(30);

        Builder deal(UUID id) {
            this.dealId = id;
            return this;
        }

        Builder partner(UUID id) {
            this.partnerId = id;
            return this;
        }

        Builder customer(String name, String domain) {
            this.customerName = name;
            this.customerDomain = domain;
            return this;
        }

        Builder product(String value) {
            this.product = value;
            return this;
        }

        Builder amount(String value) {
            this.amount = value == null ? null : money(value);
            return this;
        }

        Builder closeDate(LocalDate value) {
            this.closeDate = value;
            return this;
        }

        Registration build() {
            return new Registration(dealId, partnerId, customerName, customerDomain, product, amount, "EUR", closeDate, DealStage.PROSPECTING);
        }
    }
}
