package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A registration already known for the same customer, by any partner and in any status.
 *
 * @param productLine the line it was decided for; {@code null} is treated as covering every line
 * @param status {@code null} is read as NONE
 * @param exclusiveUntil last day of exclusivity of an approved registration; {@code null} on an
 *     approved one means no end date
 * @param stage the deal's current stage; {@code null} is read as PROSPECTING
 */
public record ExistingRegistration(
        UUID dealId,
        UUID partnerId,
        String partnerName,
        String productLine,
        Deal.RegistrationStatus status,
        LocalDate exclusiveUntil,
        Deal.DealStage stage) {

    public ExistingRegistration {
        Objects.requireNonNull(dealId, "dealId");
        status = status == null ? Deal.RegistrationStatus.NONE : status;
        stage = stage == null ? Deal.DealStage.PROSPECTING : stage;
    }

    boolean isClosed() {
        return stage == Deal.DealStage.CLOSED_WON || stage == Deal.DealStage.CLOSED_LOST;
    }

    /** Approved, deal still open and exclusivity not over at {@code today} (the last day counts). */
    boolean holdsExclusivity(LocalDate today) {
        return status == Deal.RegistrationStatus.APPROVED && !isClosed() && (exclusiveUntil == null || !exclusiveUntil.isBefore(today));
    }

    /** Submitted or pending review, deal still open: a claim that may still become exclusive. */
    boolean awaitsDecision() {
        return (status == Deal.RegistrationStatus.SUBMITTED || status == Deal.RegistrationStatus.PENDING_REVIEW) && !isClosed();
    }

    boolean isLive(LocalDate today) {
        return holdsExclusivity(today) || awaitsDecision();
    }
}
