package io.partnersync.connector.hubspot;

import static io.partnersync.connector.ConsentCalls.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.connector.ConsentCalls;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.ConsentFlow;
import io.partnersync.sync.spi.FailureCategory;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * A HubSpot portal's admin installs the vendor's public app (HubSpot's OAuth authorization-code
 * flow, https://developers.hubspot.com/docs/api/oauth-quickstart-guide): the install page at
 * {@code app.hubspot.com/oauth/authorize}, the code exchanged at {@code POST /oauth/v1/token}, the
 * portal read from the access token's metadata ({@code GET /oauth/v1/access-tokens/{token}}: its
 * {@code hub_id}). The connection then refreshes its own tokens ({@code hubspot.auth: oauth}).
 */
@Component
class HubSpotConsent implements ConsentFlow {

    static final URI AUTHORIZE = URI.create("https://app.hubspot.com/oauth/authorize");
    static final URI API = URI.create("https://api.hubapi.com");
    /** What PartnerSync reads and writes in a portal: deals, contacts (leads), companies (customers), payouts (a custom object), and the properties check. */
    static final List<String> SCOPES = List.of("oauth", "crm.objects.deals.read", "crm.objects.deals.write", "crm.objects.contacts.read",
            "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.companies.write", "crm.schemas.deals.read",
            "crm.schemas.contacts.read", "crm.objects.custom.read", "crm.objects.custom.write");
    /** HubSpot's error names the problem (BAD_AUTH_CODE, BAD_REDIRECT_URI, ...) and never echoes a secret. */
    private static final Function<JsonNode, String> REASON = answer -> answer.path("status").asText("") + " " + answer.path("message").asText("");

    private final ConsentCalls calls;

    HubSpotConsent(ObjectMapper json) {
        this.calls = new ConsentCalls("HubSpot", json);
    }

    @Override
    public URI authorizeUrl(App app, URI redirect, String state, Map<String, String> inputs) {
        URI page = app.authorizeUrl() == null ? AUTHORIZE : app.authorizeUrl();
        List<String> scopes = app.scopes().isEmpty() ? SCOPES : app.scopes();
        return URI.create(page + "?client_id=" + encode(app.clientId()) + "&redirect_uri=" + encode(redirect.toString())
                + "&scope=" + encode(String.join(" ", scopes)) + "&state=" + encode(state));
    }

    @Override
    public Grant complete(App app, URI redirect, Map<String, String> callback, Map<String, String> inputs) {
        String code = calls.code(callback);
        URI api = app.apiUrl() == null ? API : app.apiUrl();
        JsonNode tokens = calls.post(api.resolve("/oauth/v1/token"), Map.of("grant_type", "authorization_code", "client_id", app.clientId(),
                "client_secret", app.clientSecret(), "redirect_uri", redirect.toString(), "code", code), "exchange the code", REASON);
        if (!tokens.hasNonNull("refresh_token") || !tokens.hasNonNull("access_token")) {
            throw new CategorizedException(FailureCategory.AUTH, "HubSpot's token answer had no refresh token", null);
        }
        // the token's metadata names the portal; the token travels in the path, as HubSpot's API defines it
        JsonNode about = calls.get(api.resolve("/oauth/v1/access-tokens/" + encode(tokens.get("access_token").asText())),
                "read which portal consented", REASON);
        String hub = about.path("hub_id").asText("");
        if (hub.isBlank()) {
            throw new CategorizedException(FailureCategory.AUTH, "HubSpot did not say which portal consented", null);
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        if (app.apiUrl() != null) {
            definition.put("base-url", api.toString());
        }
        if (app.localSandbox()) {
            definition.put("local-sandbox", true);
        }
        definition.put("hubspot", Map.of("auth", "oauth"));
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("client-id", app.clientId());
        secrets.put("client-secret", app.clientSecret());
        secrets.put("refresh-token", tokens.get("refresh_token").asText());
        String domain = about.path("hub_domain").asText("");
        return new Grant("hubspot:" + hub, "HubSpot portal " + hub + (domain.isBlank() ? "" : " (" + domain + ")"), definition, secrets);
    }
}
