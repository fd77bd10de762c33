package io.partnersync.sandbox.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * A stateful simulated CRM on loopback: every request goes to {@link #answer}, with {@link Faults}
 * applied around it and every call counted by kind. A fault that "applies" the call (slow answer,
 * lost response) runs {@link #answer} first, so the write lands although the caller sees a failure.
 *
 * <p>It is served by the JDK's own HTTP server ({@code com.sun.net.httpserver}) rather than WireMock
 * or a second servlet container: the sandbox runs inside the service's own process and jar, and this
 * adds no dependency to it (the production image carries the simulators' classes, a few hundred kB,
 * but nothing starts them without the {@code sandbox} profile). Slow answers are sent from a
 * scheduler, so a simulated timeout holds no request thread.
 */
public abstract class Simulator implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One HTTP request as the simulator sees it: method, raw path and query, headers (lower-case names), body. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {

        /** Path and query, still encoded, as sent. */
        public String url() {
            return query == null ? path : path + "?" + query;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A body sent as it is, not as JSON (the Bulk API's CSV). */
    public record Text(String contentType, String text) {
    }

    /** What the simulator answers: a status, a JSON body (none when {@code null}; a {@link Text} as it is) and extra headers. */
    public record Answer(int status, Object body, Map<String, String> headers) {
        public static Answer ok(Object body) {
            return new Answer(200, body, Map.of());
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService delayed;
    private final Faults faults;
    private final Duration lag;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recordWrites = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final Map<String, Request> last = new ConcurrentHashMap<>();

    /**
     * @param port the loopback port to listen on; 0 for any free one
     * @param lag how long after a write queries and searches see it (see {@link Versioned})
     * @param slowDelay how long a {@link Faults.Fault#SLOW} answer takes
     */
    protected Simulator(String name, int port, Duration lag, Duration slowDelay) {
        this.name = name;
        this.lag = lag;
        this.faults = new Faults(slowDelay);
        this.workers = Executors.newFixedThreadPool(40, daemon(name));
        this.delayed = Executors.newScheduledThreadPool(2, daemon(name + "-slow"));
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("simulated CRM " + name + " cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
        }
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Faults faults() {
        return faults;
    }

    protected Duration lag() {
        return lag;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        delayed.shutdownNow();
    }

    /** Calls received so far, by kind (as the subclass names them), and {@code total}. */
    public Map<String, Long> calls() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((kind, count) -> snapshot.put(kind, count.get()));
        snapshot.put("total", total.get());
        return snapshot;
    }

    /** Records written (created or updated) by API calls, by object type. */
    public Map<String, Long> recordWrites() {
        Map<String, Long> snapshot = new TreeMap<>();
        recordWrites.forEach((type, count) -> snapshot.put(type, count.get()));
        return snapshot;
    }

    /** The latest request of a kind ({@link #calls()} names the kinds), to see what a client asked. */
    public Optional<Request> lastRequest(String kind) {
        return Optional.ofNullable(last.get(kind));
    }

    public long totalCalls() {
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

    private void handle(HttpExchange exchange) {
        try {
            Request request = read(exchange);
            total.incrementAndGet();
            String kind = kind(request);
            calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            last.put(kind, request);
            switch (faults.roll()) {
                case NONE -> send(exchange, safely(request));
                case RATE_LIMITED -> send(exchange, refusal(429));
                case UNAVAILABLE -> send(exchange, refusal(503));
                case SLOW -> {
                    Answer answer = safely(request);
                    delayed.schedule(() -> send(exchange, answer), faults.slowDelay().toMillis(), TimeUnit.MILLISECONDS);
                }
                case RESET -> exchange.close(); // closed before any answer: the JDK server drops the connection
                case LOST_RESPONSE -> {
                    safely(request);
                    exchange.close();
                }
            }
        } catch (RuntimeException e) {
            log.warn("{} could not answer {} {}: {}", name, exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            exchange.close();
        }
    }

    private static Request read(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), String.join(",", values)));
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bug in the simulator answers 500 and is counted as {@code fake-error}, so that it shows in the figures. */
    private Answer safely(Request request) {
        try {
            return answer(request);
        } catch (RuntimeException e) {
            calls.computeIfAbsent("fake-error", k -> new AtomicLong()).incrementAndGet();
            log.warn("{} could not answer {} {}: {}", name, request.method(), request.url(), e.toString());
            return new Answer(500, Map.of("message", String.valueOf(e)), Map.of());
        }
    }

    private static void send(HttpExchange exchange, Answer answer) {
        try (exchange) {
            byte[] body = answer.body() == null ? new byte[0]
                    : answer.body() instanceof Text text ? text.text().getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", answer.body() instanceof Text text ? text.contentType() : "application/json;charset=UTF-8");
            answer.headers().forEach((key, value) -> exchange.getResponseHeaders().set(key, value));
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            // the client went away (its own timeout): nothing to answer
        }
    }

    protected static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }
}
