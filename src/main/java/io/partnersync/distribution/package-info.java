/**
 * Lead distribution in the sync path: the lead's domain step that gives a vendor lead to one
 * partner's own CRM, takes the rep's accept or reject from there, recalls and reassigns, and the
 * persisted deadlines; the pure rules are in {@link io.partnersync.distribution.policy}.
 */
package io.partnersync.distribution;
