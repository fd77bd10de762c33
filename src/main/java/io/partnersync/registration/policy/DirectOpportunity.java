package io.partnersync.registration.policy;

/**
 * An open opportunity of the vendor's own sales team for the same customer.
 *
 * @param productLine {@code null} means it may be about any product line
 */
public record DirectOpportunity(String opportunityId, String name, String productLine) {
}
