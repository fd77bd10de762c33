package io.partnersync.canonical;

import java.time.Instant;
import java.util.UUID;

/**
 * A prospective customer contact that the vendor hands to a partner.
 *
 * @param partnerId the partner the lead is assigned to, {@code null} while unassigned
 * @param acceptBy when the assigned partner must have accepted or rejected it
 * @param state the region or state within {@code country} (ISO 3166-2 subdivision code, or as the CRM holds it)
 * @param distributionRequested the vendor wants the lead given to a partner (mapped from the vendor CRM)
 * @param distributionReason why the lead is where it is, in words for the vendor's sales team
 * @param acceptedAt when the assigned partner accepted it
 * @param rejectionReason why the partner's rep rejected it
 * @param phone the contact's phone number, as the CRM holds it
 * @param title the contact's job title
 * @param street the street address (one or more lines)
 * @param city the city
 * @param progress the rep's progress with an accepted lead, in the words of the partner CRM's
 *     statuses beyond accept and reject (for example {@code Qualified}, {@code Meeting booked}: a
 *     mapping lookup the admin extends), carried to the vendor CRM's lead status
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
        Instant acceptBy,
        String state,
        String postalCode,
        Boolean distributionRequested,
        String distributionReason,
        Instant acceptedAt,
        String rejectionReason,
        String phone,
        String title,
        String street,
        String city,
        String progress) implements CanonicalRecord {

    public Lead {
        if (Fields.isBlank(email) && Fields.isBlank(lastName) && Fields.isBlank(company)) {
            throw new InvalidRecordException("email", "a lead needs an email, a last name or a company");
        }
        domain = Fields.domain("domain", domain != null ? domain : Domains.fromEmail(email));
        status = status == null ? LeadStatus.NEW : status;
    }

    /** A lead without phone, title and address. */
    public Lead(String firstName, String lastName, String email, String company, String domain, String country, String productInterest,
                LeadStatus status, UUID partnerId, Instant acceptBy, String state, String postalCode, Boolean distributionRequested,
                String distributionReason, Instant acceptedAt, String rejectionReason) {
        this(firstName, lastName, email, company, domain, country, productInterest, status, partnerId, acceptBy, state, postalCode,
                distributionRequested, distributionReason, acceptedAt, rejectionReason, null, null, null, null, null);
    }

    /** RETURNED: back in the vendor's queue (no eligible partner, or every try used), with the reason. */
    public enum LeadStatus { NEW, ASSIGNED, ACCEPTED, REJECTED, RECALLED, CONVERTED, DISQUALIFIED, RETURNED }
}
