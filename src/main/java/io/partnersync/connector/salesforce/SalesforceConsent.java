package io.partnersync.connector.salesforce;

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

    private final ObjectMapper json;
    /** Never redirected: the code and the client secret go to the configured login host only. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    SalesforceConsent(ObjectMapper json) {
        this.json = json;
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
        if (callback.containsKey("error")) {
            throw new CategorizedException(FailureCategory.AUTH, "Salesforce did not grant access: " + callback.get("error")
                    + (callback.containsKey("error_description") ? " (" + callback.get("error_description") + ")" : ""), null);
        }
        String code = callback.get("code");
        if (code == null || code.isBlank()) {
            throw new CategorizedException(FailureCategory.VALIDATION, "Salesforce sent no code back", null);
        }
        HttpRequest request = HttpRequest.newBuilder(login(app).resolve("/services/oauth2/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code) + "&client_id=" + encode(app.clientId())
                        + "&client_secret=" + encode(app.clientSecret()) + "&redirect_uri=" + encode(redirect.toString()))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CategorizedException(FailureCategory.TRANSIENT, "Salesforce could not be reached to exchange the code: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "interrupted while exchanging the code with Salesforce", e);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            answer = json.createObjectNode();
        }
        if (response.statusCode() != 200) {
            // Salesforce's error (invalid_grant, redirect_uri_mismatch, ...) never echoes a secret
            throw new CategorizedException(response.statusCode() >= 500 ? FailureCategory.TRANSIENT : FailureCategory.AUTH,
                    "Salesforce refused to exchange the code (" + response.statusCode() + "): " + answer.path("error").asText("")
                            + " " + answer.path("error_description").asText(""), null);
        }
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
