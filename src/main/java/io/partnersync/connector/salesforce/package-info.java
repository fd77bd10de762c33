/**
 * The {@code salesforce} connector kind ({@link io.partnersync.connector.salesforce.SalesforceKind}):
 * the vendor's Salesforce org, through camel-salesforce: login (OAuth 2.0 client credentials,
 * username-password or JWT bearer, re-login on an expired session, token revoked on shutdown),
 * incremental reads ordered by (SystemModstamp, Id) with a look-back overlap and deletions,
 * API quota tracking from {@code Sforce-Limit-Info}, and error classification. The only package
 * that talks to Salesforce.
 */
package io.partnersync.connector.salesforce;
