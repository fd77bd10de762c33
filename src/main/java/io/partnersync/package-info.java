/**
 * PartnerSync: the Spring Boot application that runs the Camel routes keeping partners, leads,
 * deals and payouts in sync between the vendor's CRM, every partner's CRM and the central store.
 */
package io.partnersync;
