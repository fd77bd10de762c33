package io.partnersync.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An opportunity, and when a partner registers it, the deal registration with its decision.
 *
 * @param partnerId the partner that owns or registered the deal; {@code null} for the vendor's direct deals
 * @param customerDomain normalized web domain of the end customer
 * @param registrationReason why the registration has its status, in words a rep understands
 * @param exclusiveUntil last day of the partner's exclusivity for an approved registration
 * @param competingRegistration the deal whose registration this one conflicts with, linked for the
 *     channel manager in the vendor CRM; never sent to a partner
 * @param registrationRequested the partner's rep asked for this deal to be registered (mapped from
 *     the partner CRM's own field, mapped as {@code registrationRequested}); {@code null}
 *     when the CRM does not say
 * @param referringPartnerId the partner that referred a deal the vendor sells itself (it earns a referral fee when it closes won)
 */
public record Deal(
        String name,
        UUID partnerId,
        String customerName,
        String customerDomain,
        String product,
        BigDecimal amount,
        String currency,
        LocalDate closeDate,
        DealStage stage,
        RegistrationStatus registrationStatus,
        String registrationReason,
        LocalDate exclusiveUntil,
        UUID competingRegistration,
        Boolean registrationRequested,
        UUID referringPartnerId) implements CanonicalRecord {

    /** A deal without a referring partner. */
    public Deal(String name, UUID partnerId, String customerName, String customerDomain, String product, BigDecimal amount, String currency,
                LocalDate closeDate, DealStage stage, RegistrationStatus registrationStatus, String registrationReason, LocalDate exclusiveUntil,
                UUID competingRegistration, Boolean registrationRequested) {
        this(name, partnerId, customerName, customerDomain, product, amount, currency, closeDate, stage, registrationStatus, registrationReason,
                exclusiveUntil, competingRegistration, registrationRequested, null);
    }

    public Deal {
        Fields.require("name", name);
        customerDomain = Fields.domain("customerDomain", customerDomain);
        currency = Fields.currency(currency);
        stage = stage == null ? DealStage.PROSPECTING : stage;
        registrationStatus = registrationStatus == null ? RegistrationStatus.NONE : registrationStatus;
    }

    /** This deal with a registration decision on it. */
    public Deal withRegistration(RegistrationStatus status, String reason, LocalDate until, UUID competing) {
        return new Deal(name, partnerId, customerName, customerDomain, product, amount, currency, closeDate, stage, status, reason, until, competing,
                registrationRequested, referringPartnerId);
    }

    public enum DealStage { PROSPECTING, QUALIFICATION, PROPOSAL, NEGOTIATION, CLOSED_WON, CLOSED_LOST }

    public enum RegistrationStatus { NONE, SUBMITTED, PENDING_REVIEW, APPROVED, REJECTED, EXPIRED }
}
