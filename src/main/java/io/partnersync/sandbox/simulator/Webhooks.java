package io.partnersync.sandbox.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;

/**
 * A portal's webhook subscription, delivered as HubSpot does
 * (https://developers.hubspot.com/docs/api/webhooks): changes are gathered for a moment and POSTed
 * as one JSON array of events ({@code deal.creation}, {@code deal.propertyChange} with
 * {@code propertyName} and {@code propertyValue}, ...), at most 100 a request, signed with the app's
 * client secret ({@code X-HubSpot-Signature-v3}: Base64 of HMAC-SHA256 over method, URI, body and
 * {@code X-HubSpot-Request-Timestamp}). A delivery answered with a 5xx or a 429, or not answered
 * within 5 s, is tried again up to 10 times with a growing delay and its {@code attemptNumber}
 * counted, as HubSpot does; another 4xx is not.
 */
final class Webhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENTS = 100;
    private static final int MAX_ATTEMPTS = 10;

    private final URI target;
    private final String clientSecret;
    private final long portalId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService sender;
    private final AtomicLong eventIds = new AtomicLong(1);
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();

    Webhooks(String name, URI target, String clientSecret, long portalId) {
        this.target = target;
        this.clientSecret = clientSecret;
        this.portalId = portalId;
        this.sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        sender.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** A created object: one {@code <type>.creation} event. */
    void created(String objectType, String id, String source) {
        add(event(objectType, "creation", id, source, null, null));
    }

    /** Changed properties of an object: one {@code <type>.propertyChange} event per property. */
    void changed(String objectType, String id, Map<String, String> changes, String source) {
        changes.forEach((property, value) -> add(event(objectType, "propertyChange", id, source, property, value)));
    }

    /** Batches POSTed and answered with a 2xx so far. */
    long delivered() {
        return delivered.get();
    }

    private Map<String, Object> event(String objectType, String kind, String id, String source, String property, String value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventIds.getAndIncrement());
        event.put("subscriptionId", 1);
        event.put("portalId", portalId);
        event.put("appId", 1);
        event.put("occurredAt", System.currentTimeMillis());
        event.put("subscriptionType", singular(objectType) + "." + kind);
        event.put("attemptNumber", 0);
        event.put("objectId", Long.parseLong(id));
        if (property != null) {
            event.put("propertyName", property);
            event.put("propertyValue", value);
        }
        event.put("changeSource", source);
        return event;
    }

    private static String singular(String objectType) {
        return objectType.endsWith("ies") ? objectType.substring(0, objectType.length() - 3) + "y"
                : objectType.endsWith("s") ? objectType.substring(0, objectType.length() - 1) : objectType;
    }

    private synchronized void add(Map<String, Object> event) {
        pending.add(event);
    }

    private void flush() {
        try {
            send();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log, and go on with the next batch
            log.warn("Webhook delivery to {} failed: {}", target, e.toString());
        }
    }

    private void send() {
        List<Map<String, Object>> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pending.subList(0, Math.min(MAX_EVENTS, pending.size())));
            pending.subList(0, batch.size()).clear();
        }
        deliver(batch, 1);
    }

    private void deliver(List<Map<String, Object>> batch, int attempt) {
        batch.forEach(event -> event.put("attemptNumber", attempt - 1));
        try {
            String body = JSON.writeValueAsString(batch);
            String timestamp = String.valueOf(System.currentTimeMillis());
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .header("X-HubSpot-Request-Timestamp", timestamp).header("X-HubSpot-Signature-v3", sign("POST" + target + body + timestamp))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 300) {
                delivered.incrementAndGet();
                return;
            }
            if (status < 500 && status != 429) {
                log.warn("Webhook batch of {} events refused by {} with {}: not delivered again", batch.size(), target, status);
                return;
            }
        } catch (IOException e) {
            // not answered: delivered again below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt < MAX_ATTEMPTS && !sender.isShutdown()) {
            try {
                sender.schedule(() -> deliver(batch, attempt + 1), Math.min(60, 1L << attempt), TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // closing: the poll catches up with what is not delivered
            }
        }
    }

    private String sign(String source) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
