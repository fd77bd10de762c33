package io.partnersync.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * What the kinds' OAuth consent flows share: reading the CRM's answer at the redirect (declined, or
 * a code) and the few calls that turn a code into credentials, on a client that never follows a
 * redirect (the code and the app's secret go to the configured host only). A refusal names the CRM
 * and what it said, never a secret.
 */
public final class ConsentCalls {

    private final String crm;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param crm the CRM's name as people know it ({@code HubSpot}) */
    public ConsentCalls(String crm, ObjectMapper json) {
        this.crm = crm;
        this.json = json;
    }

    /** The code the CRM sent back; refused when the admin declined or there is none. */
    public String code(Map<String, String> callback) {
        if (callback.containsKey("error")) {
            throw new CategorizedException(FailureCategory.AUTH, crm + " did not grant access: " + callback.get("error")
                    + (callback.containsKey("error_description") ? " (" + callback.get("error_description") + ")" : ""), null);
        }
        String code = callback.get("code");
        if (code == null || code.isBlank()) {
            throw new CategorizedException(FailureCategory.VALIDATION, crm + " sent no code back", null);
        }
        return code;
    }

    /** POSTs {@code form} (url-encoded) to {@code url}: the JSON answer, or a refusal saying {@code what} failed and the CRM's reason. */
    public JsonNode post(URI url, Map<String, String> form, String what, Function<JsonNode, String> reason) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())), what, reason);
    }

    /** GETs {@code url}: the JSON answer, or a refusal as {@link #post}. */
    public JsonNode get(URI url, String what, Function<JsonNode, String> reason) {
        return send(HttpRequest.newBuilder(url).header("Accept", "application/json").GET(), what, reason);
    }

    private JsonNode send(HttpRequest.Builder request, String what, Function<JsonNode, String> reason) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CategorizedException(FailureCategory.TRANSIENT, crm + " could not be reached to " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "interrupted while asking " + crm + " to " + what, e);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            answer = json.createObjectNode();
        }
        if (response.statusCode() != 200) {
            throw new CategorizedException(response.statusCode() >= 500 ? FailureCategory.TRANSIENT : FailureCategory.AUTH,
                    crm + " refused to " + what + " (" + response.statusCode() + "): " + reason.apply(answer).trim(), null);
        }
        return answer;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
