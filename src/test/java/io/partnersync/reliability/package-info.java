/**
 * The reliability suite ({@code mvn -B -Preliability verify}): the real service jar, started as one
 * or more processes on one shared PostgreSQL, against stateful fake CRMs on loopback (a Salesforce
 * org that evaluates the SOQL it is sent, HubSpot portals that evaluate searches and enforce the
 * rolling rate limits), with kill -9, injected faults and several instances. Every scenario counts
 * what is missing, duplicated and stale in the store and in each CRM by reading their state, writes
 * its figures to {@code target/reliability/<scenario>.txt} and fails when any of them is not zero.
 */
package io.partnersync.reliability;
