package io.partnersync.canonical;

import java.time.Instant;
import java.util.UUID;

/**
 * A prospective customer contact that the vendor hands to a partner.
 *
 * @param partnerId the partner the lead is assigned to, {@code null} while unassigned
 * @param acceptBy when the assigned partner must have accepted or rejected it
 */
public record Lead(
        String firstName,
        String lastName,
        String email,
        String company,
        String domain,
        String country,
        String productInterest,
        LeadStatus status,
        UUID partnerId,
        Instant acceptBy) implements CanonicalRecord {

    public Lead {
        if (Fields.isBlank(email) && Fields.isBlank(lastName) && Fields.isBlank(company)) {
            throw new InvalidRecordException("email", "a lead needs an email, a last name or a company");
        }
        domain = Fields.domain("domain", domain != null ? domain : Domains.fromEmail(email));
        status = status == null ? LeadStatus.NEW : status;
    }

    public enum LeadStatus { NEW, ASSIGNED, ACCEPTED, REJECTED, RECALLED, CONVERTED, DISQUALIFIED }
}
