/**
 * Deal-registration governance: the pure rules that decide whether a partner's registration of a
 * deal is approved, sent to a channel manager for review or rejected, when its exclusivity ends
 * and whether it may be extended once. The policy imports only the JDK and the canonical model; a
 * service loads the partner, the registrations already known for the same {@link
 * io.partnersync.registration.policy.CustomerKey customer key} and the vendor's open
 * opportunities, calls {@link io.partnersync.registration.policy.RegistrationPolicy}, and
 * persists the {@link io.partnersync.registration.policy.Decision}, whose reason is a sentence a
 * sales rep understands and whose rule id (see {@link io.partnersync.registration.policy.RuleIds})
 * is stable enough to count and alert on.
 */
package io.partnersync.registration.policy;

import io.partnersync.canonical.CustomerKey;
