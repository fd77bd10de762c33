/**
 * Microsoft Dynamics 365 / Dataverse, for partners whose CRM it is: Entra ID tokens by the client
 * credentials flow with msal4j ({@link io.partnersync.connector.dynamics.EntraTokens}) and a small
 * typed client of the Dataverse Web API ({@link io.partnersync.connector.dynamics.DataverseClient}):
 * change tracking with delta links (which also report deletions), upsert by the alternate key
 * {@code partnersync_id}, {@code UpsertMultiple}, and the service protection limits' 429 with
 * {@code Retry-After}. A typed client rather than Apache Olingo's generic OData client: Olingo runs
 * on Apache HttpClient 4 with XML libraries beside our {@code java.net.http}, works on generic
 * entities, and would still leave tokens, 429s and paging to us; the six calls we need are short.
 * The kind's reader, writer and settings build on these.
 */
package io.partnersync.connector.dynamics;
