package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.ConsentFlow;
import io.partnersync.sync.spi.FailureCategory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final ObjectMapper json;
    /** Its own client: a handful of calls per connected portal, never redirected (the code and secret go to the configured host only). */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    HubSpotConsent(ObjectMapper json) {
        this.json = json;
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
        if (callback.containsKey("error")) {
            throw new CategorizedException(FailureCategory.AUTH, "HubSpot did not grant access: " + callback.get("error")
                    + (callback.containsKey("error_description") ? " (" + callback.get("error_description") + ")" : ""), null);
        }
        String code = callback.get("code");
        if (code == null || code.isBlank()) {
            throw new CategorizedException(FailureCategory.VALIDATION, "HubSpot sent no code back", null);
        }
        URI api = app.apiUrl() == null ? API : app.apiUrl();
        JsonNode tokens = call(HttpRequest.newBuilder(api.resolve("/oauth/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + encode(app.clientId())
                        + "&client_secret=" + encode(app.clientSecret()) + "&redirect_uri=" + encode(redirect.toString())
                        + "&code=" + encode(code))), "exchange the code");
        if (!tokens.hasNonNull("refresh_token") || !tokens.hasNonNull("access_token")) {
            throw new CategorizedException(FailureCategory.AUTH, "HubSpot's token answer had no refresh token", null);
        }
        // the token's metadata names the portal; the token travels in the path, as HubSpot's API defines it
        JsonNode about = call(HttpRequest.newBuilder(api.resolve("/oauth/v1/access-tokens/" + encode(tokens.get("access_token").asText()))).GET(),
                "read which portal consented");
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

    private JsonNode call(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CategorizedException(FailureCategory.TRANSIENT, "HubSpot could not be reached to " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "interrupted while asking HubSpot to " + what, e);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            answer = json.createObjectNode();
        }
        if (response.statusCode() != 200) {
            // HubSpot's error names the problem (BAD_AUTH_CODE, BAD_REDIRECT_URI, ...) and never echoes a secret
            throw new CategorizedException(response.statusCode() >= 500 ? FailureCategory.TRANSIENT : FailureCategory.AUTH,
                    "HubSpot refused to " + what + " (" + response.statusCode() + "): " + answer.path("status").asText("")
                            + " " + answer.path("message").asText(""), null);
        }
        return answer;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
