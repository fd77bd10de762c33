/**
 * The canonical model in the middle of the hub: partners, end-customer accounts, leads, deals
 * (with their registration fields) and payouts. Every CRM maps to and from these records, never
 * CRM to CRM. Plain Java records that import only the JDK; a record refuses to be built from
 * values that break its invariants, naming the field, so a bad CRM payload becomes a recorded
 * failure rather than a bad row.
 */
package io.partnersync.canonical;
