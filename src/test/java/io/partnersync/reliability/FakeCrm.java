package io.partnersync.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful fake CRM on loopback: one WireMock server whose every request goes to
 * {@link #answer}, with {@link Faults} applied around it and every call counted by kind. A fault
 * that "applies" the call (slow answer, lost response) runs {@link #answer} first, so the write
 * lands although the caller sees a failure.
 */
abstract class FakeCrm implements ResponseDefinitionTransformerV2 {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What the fake answers: a status, a JSON body and extra headers. */
    record Answer(int status, Object body, Map<String, String> headers) {
        static Answer ok(Object body) {
            return new Answer(200, body, Map.of());
        }
    }

    private final String name;
    private final WireMockServer server;
    private final Faults faults;
    private final Duration lag;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recordWrites = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** @param lag how long after a write queries and searches see it (see {@link Versioned}) */
    FakeCrm(String name, Duration lag, Duration slowDelay) {
        this.name = name;
        this.lag = lag;
        this.faults = new Faults(slowDelay);
        this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(40)
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(20).disableRequestJournal().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(name)));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    Faults faults() {
        return faults;
    }

    Duration lag() {
        return lag;
    }

    void shutdown() {
        server.stop();
    }

    /** Calls received so far, by kind (as the subclass names them), and {@code total}. */
    Map<String, Long> calls() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((kind, count) -> snapshot.put(kind, count.get()));
        snapshot.put("total", total.get());
        return snapshot;
    }

    /** Records written (created or updated) by API calls, by object type. */
    Map<String, Long> recordWrites() {
        Map<String, Long> snapshot = new TreeMap<>();
        recordWrites.forEach((type, count) -> snapshot.put(type, count.get()));
        return snapshot;
    }

    long totalCalls() {
        return total.get();
    }

    protected void countWrites(String objectType, int records) {
        recordWrites.computeIfAbsent(objectType, t -> new AtomicLong()).addAndGet(records);
    }

    /** The kind of call, for the counts ({@code search}, {@code upsert}, ...). */
    protected abstract String kind(Request request);

    /** Carries out the call; thread-safe. */
    protected abstract Answer answer(Request request);

    /** The body of a 429 or a 503 in this CRM's shape. */
    protected abstract Answer refusal(int status);

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        total.incrementAndGet();
        calls.computeIfAbsent(kind(request), k -> new AtomicLong()).incrementAndGet();
        return switch (faults.roll()) {
            case NONE -> respond(safely(request), 0);
            case RATE_LIMITED -> respond(refusal(429), 0);
            case UNAVAILABLE -> respond(refusal(503), 0);
            case SLOW -> respond(safely(request), (int) faults.slowDelay().toMillis());
            case RESET -> new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case LOST_RESPONSE -> {
                safely(request);
                yield new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            }
        };
    }

    /** A bug in the fake answers 500 and is counted as {@code fake-error}, so that it shows in the figures. */
    private Answer safely(Request request) {
        try {
            return answer(request);
        } catch (RuntimeException e) {
            calls.computeIfAbsent("fake-error", k -> new AtomicLong()).incrementAndGet();
            System.err.println(name + " could not answer " + request.getMethod() + " " + request.getUrl() + ": " + e);
            return new Answer(500, Map.of("message", String.valueOf(e)), Map.of());
        }
    }

    private static ResponseDefinition respond(Answer answer, int delayMillis) {
        ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(answer.status())
                .withHeader("Content-Type", "application/json;charset=UTF-8");
        answer.headers().forEach(response::withHeader);
        if (delayMillis > 0) {
            response.withFixedDelay(delayMillis);
        }
        try {
            return response.withBody(answer.body() == null ? "" : JSON.writeValueAsString(answer.body())).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String iso(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli(epochMillis));
    }
}
