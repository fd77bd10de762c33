package io.partnersync.sync.spi;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How a partner's CRM admin connects their CRM by consenting in the CRM itself (an OAuth
 * authorization-code flow): PartnerSync sends the browser to {@link #authorizeUrl}, the CRM sends
 * it back to the redirect with a code, and {@link #complete} turns the code into the connection's
 * settings and secrets. A kind offers one through {@link ConnectorKind#consent()}; the engine keeps
 * the invitation, its single use, expiry and audit.
 */
public interface ConsentFlow {

    /**
     * The vendor's app registered with the CRM (a HubSpot public app, a Salesforce connected app,
     * an Entra ID app registration), its secrets read from the environment.
     *
     * @param authorizeUrl the CRM's consent page; {@code null}: the kind's public one
     * @param apiUrl where tokens and the API are; {@code null}: the kind's public one
     * @param localSandbox whether {@code apiUrl} may be a local stand-in (plain http, loopback)
     * @param scopes what to ask for; empty: the kind's own list
     */
    record App(String clientId, String clientSecret, URI authorizeUrl, URI apiUrl, boolean localSandbox, List<String> scopes) {
        @Override
        public String toString() {
            return "App[clientId=" + clientId + ", authorizeUrl=" + authorizeUrl + ", apiUrl=" + apiUrl + "]"; // never the secret
        }
    }

    /**
     * What the consent gave: whose CRM it is and how to reach it.
     *
     * @param identity the CRM account the admin consented in, stable and unique (a HubSpot portal's hub id), to refuse one CRM connected for two partners
     * @param label how to show it to people ({@code portal 12345 (acme.hubspot.com)})
     * @param definition the connection's settings beyond type, partner and entities (kebab-case, as the configuration file holds them)
     * @param secrets its secrets by purpose, kept encrypted
     */
    record Grant(String identity, String label, Map<String, Object> definition, Map<String, String> secrets) {
        @Override
        public String toString() {
            return "Grant[identity=" + identity + ", secrets=" + secrets.keySet() + "]";
        }
    }

    /**
     * A value the admin enters before consenting, which the CRM does not send back (the address of
     * their Dynamics 365 environment).
     *
     * @param name its key in {@code inputs}; {@code label} what the page asks; {@code example} a sample value
     */
    record Input(String name, String label, String example) {
    }

    /**
     * Stand-ins for what {@link #complete} will put in the connection's settings (the kind's block
     * keys it requires), so an invitation's settings can be checked before any consent; none by default.
     */
    default Map<String, Object> placeholders() {
        return Map.of();
    }

    /** What the admin enters before consenting; none by default. */
    default List<Input> inputs() {
        return List.of();
    }

    /**
     * The CRM's page where the admin signs in and consents; {@code state} comes back with the code.
     *
     * @param inputs the values of {@link #inputs()} the admin entered, each present and not blank
     */
    URI authorizeUrl(App app, URI redirect, String state, Map<String, String> inputs);

    /**
     * Exchanges what the CRM sent back to the redirect ({@code code}, or {@code error} when the
     * admin declined) for the connection.
     *
     * @throws CategorizedException when the CRM refused or could not be reached; its message is shown to the admin
     */
    Grant complete(App app, URI redirect, Map<String, String> callback, Map<String, String> inputs);
}
