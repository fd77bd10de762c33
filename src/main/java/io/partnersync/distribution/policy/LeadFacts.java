package io.partnersync.distribution.policy;

/**
 * What distribution looks at in a lead.
 *
 * @param country ISO 3166-1 alpha-2, upper case; {@code null} when unknown
 * @param region the subdivision within the country (ISO 3166-2 code without the country, e.g. {@code CA}); may be {@code null}
 * @param postalCode may be {@code null}
 * @param productInterest may be {@code null}: then no specialization is asked for
 */
public record LeadFacts(String country, String region, String postalCode, String productInterest) {
}
