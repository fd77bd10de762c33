package io.partnersync.connector.hubspot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Posts webhook batches to the service as HubSpot does, with the v3 signature computed here independently. */
final class SignedWebhooks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedWebhooks() {
    }

    /** Posts {@code body} to the acme portal's webhook with the signature HubSpot would compute over {@code signedBody}. */
    static HttpResponse<String> post(int port, String body, String signedBody, Instant at, String secret) throws Exception {
        String uri = "http://localhost:" + port + "/webhooks/hubspot/acme-hubspot";
        String timestamp = String.valueOf(at.toEpochMilli());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(("POST" + uri + signedBody + timestamp).getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", signature).header("X-HubSpot-Request-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
