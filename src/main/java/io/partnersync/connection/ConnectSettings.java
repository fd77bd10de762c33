package io.partnersync.connection;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Partners connecting their own CRM through an invitation ({@code partnersync.connect}).
 *
 * @param publicUrl where partners' browsers reach this service (behind your proxy): the invitation
 *     links and the CRMs' redirect ({@code <public-url>/connect/callback}, to register with each app)
 * @param invitationLifetime how long an invitation's link works
 * @param apps per connector kind ({@code hubspot}), the vendor's app registered with that CRM
 */
@ConfigurationProperties("partnersync.connect")
public record ConnectSettings(
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue("P7D") Duration invitationLifetime,
        @DefaultValue Map<String, App> apps) {

    /**
     * The vendor's app with one CRM; its id and secret are read from the environment variables named.
     *
     * @param authorizeUrl the CRM's consent page; unset: the CRM's public one
     * @param apiUrl where its tokens and API are; unset: the CRM's public one
     * @param localSandbox {@code true} for a local stand-in of the CRM (plain http, loopback), as for connectors
     * @param scopes what to ask for; unset: what PartnerSync needs
     */
    public record App(String clientIdEnv, String clientSecretEnv, URI authorizeUrl, URI apiUrl,
                      @DefaultValue("false") boolean localSandbox, @DefaultValue List<String> scopes) {
    }

    /** The redirect every CRM sends the admin back to. */
    public URI callback() {
        String base = publicUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/connect/callback");
    }
}
