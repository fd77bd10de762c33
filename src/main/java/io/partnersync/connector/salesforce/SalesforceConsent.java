package io.partnersync.connector.salesforce;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A partner's Salesforce admin authorizes the vendor's connected app in their own org (Salesforce's
 * OAuth 2.0 web server flow, https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm):
 * the authorize page at {@code <login>/services/oauth2/authorize}, the code exchanged at
 * {@code <login>/services/oauth2/token} for a refresh token, the org read from the identity URL
 * the token answer carries ({@code .../id/<org id>/<user id>}). The connection then logs in with
 * that refresh token ({@code salesforce.auth: refresh-token}).
 */
@Component
class SalesforceConsent implements ConsentFlow {

    static final URI LOGIN = URI.create("https://login.salesforce.com");
    /** The REST API, and a refresh token to keep working while the admin is away. */
    static final List<String> SCOPES = List.of("api", "refresh_token");
    private static final Pattern IDENTITY = Pattern.compile("/id/(00D[0-9A-Za-z]+)/");

    private final ConsentCalls calls;

    SalesforceConsent(ObjectMapper json) {
        this.calls = new ConsentCalls("Salesforce", json);
    }

    @Override
    public URI authorizeUrl(App app, URI redirect, String state, Map<String, String> inputs) {
        URI page = app.authorizeUrl() == null ? login(app).resolve("/services/oauth2/authorize") : app.authorizeUrl();
        List<String> scopes = app.scopes().isEmpty() ? SCOPES : app.scopes();
        return URI.create(page + "?response_type=code&client_id=" + encode(app.clientId()) + "&redirect_uri=" + encode(redirect.toString())
                + "&scope=" + encode(String.join(" ", scopes)) + "&prompt=" + encode("login consent") + "&state=" + encode(state));
    }

    @Override
    public Grant complete(App app, URI redirect, Map<String, String> callback, Map<String, String> inputs) {
        String code = calls.code(callback);
        // Salesforce's error (invalid_grant, redirect_uri_mismatch, ...) never echoes a secret
        JsonNode answer = calls.post(login(app).resolve("/services/oauth2/token"), Map.of("grant_type", "authorization_code", "code", code,
                        "client_id", app.clientId(), "client_secret", app.clientSecret(), "redirect_uri", redirect.toString()), "exchange the code",
                error -> error.path("error").asText("") + " " + error.path("error_description").asText(""));
        if (!answer.hasNonNull("refresh_token")) {
            throw new CategorizedException(FailureCategory.AUTH, "Salesforce gave no refresh token: the connected app must offer the refresh_token scope", null);
        }
        Matcher org = IDENTITY.matcher(answer.path("id").asText(""));
        if (!org.find()) {
            throw new CategorizedException(FailureCategory.AUTH, "Salesforce did not say which org consented", null);
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        if (app.apiUrl() != null) {
            definition.put("base-url", app.apiUrl().toString());
        }
        if (app.localSandbox()) {
            definition.put("local-sandbox", true);
        }
        definition.put("salesforce", Map.of("auth", "refresh-token"));
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("client-id", app.clientId());
        secrets.put("client-secret", app.clientSecret());
        secrets.put("refresh-token", answer.get("refresh_token").asText());
        String instance = answer.path("instance_url").asText("");
        return new Grant("salesforce:" + org.group(1), "Salesforce org " + org.group(1) + (instance.isBlank() ? "" : " (" + instance + ")"),
                definition, secrets);
    }

    private static URI login(App app) {
        return app.apiUrl() == null ? LOGIN : app.apiUrl();
    }

}
