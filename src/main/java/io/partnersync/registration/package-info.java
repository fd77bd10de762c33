/**
 * Deal-registration governance in the sync path: the service that runs the pure
 * {@link io.partnersync.registration.policy.RegistrationPolicy} on partner deals as they are
 * ingested, stores and audits each decision, takes the channel manager's decisions from the vendor
 * CRM, and expires registrations on a persistent, cluster-safe timer (db-scheduler).
 */
package io.partnersync.registration;
