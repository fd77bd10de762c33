package io.partnersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three instances and 300 connections: the usual partners' connectors of the configuration file,
 * and the rest added at runtime through the admin API (partners' connections kept in the store,
 * on one shared simulated portal without data). The users work in every CRM while one instance is
 * killed: the connections spread within ±10 % of even, the killed instance's move to the others
 * within one lease period, and the usual checks hold (0 missing, 0 duplicated, 0 stale).
 */
@DisplayName("300 connections on 3 instances")
class ConnectionsReliability {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    @DisplayName("spread within ±10 % of even; a killed instance's connections move within one lease; 0 missing, 0 duplicated, 0 stale")
    void threeHundredConnections() throws Exception {
        int records = Settings.records("reliability.connections.records", 2_000);
        int total = (int) Settings.number("reliability.connections.count", 300);
        List<Census.Figures> figures;
        java.util.Map<String, Long> logins = new java.util.TreeMap<>();
        double spread;
        long moved;
        try (Harness run = new Harness("connections-" + total);
             HubSpotSimulator idle = new HubSpotSimulator("idle", 0, 99_000_000_000L, Duration.ZERO, Duration.ofSeconds(31)).limits(1_000_000, 1_000_000)) {
            for (int i = 0; i < 3; i++) {
                run.start();
            }
            ServiceProcess first = run.running.get(0);
            int configured = JSON.readTree(call(first, "GET", "/api/connectors", null).body()).size();
            Instant adding = Instant.now();
            for (int i = 0; i < total - configured; i++) {
                String name = String.format(Locale.ROOT, "idle-%03d", i);
                HttpResponse<String> created = call(run.running.get(i % 3), "POST", "/api/connections", """
                        {"name": "%s", "type": "hubspot", "partner": "%s", "entities": ["deal"], "base-url": "%s", "local-sandbox": true,
                         "poll-interval": "PT1M", "secrets": {"token": "pat-idle"}}""".formatted(name, name, idle.url()));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            run.line(String.format(Locale.ROOT, "3 instances, %d connectors from the file and %d connections added through the API in %d s",
                    configured, total - configured, Duration.between(adding, Instant.now()).toSeconds()));
            spread = awaitSpread(run, first, total, 3, Duration.ofSeconds(60));
            run.line(String.format(Locale.ROOT, "spread: %s (largest deviation from even %.1f %%)", shares(first), spread * 100));

            for (int burst = 0; burst < 4; burst++) {
                run.users.create(records / 4 + (burst == 3 ? records % 4 : 0));
                if (burst == 1) {
                    ServiceProcess.pause(Duration.ofSeconds(2));
                    Instant killed = Instant.now();
                    run.kill(first);
                    ServiceProcess survivor = run.running.get(0);
                    awaitSpread(run, survivor, total, 2, LEASE.plusSeconds(30));
                    moved = Duration.between(killed, Instant.now()).toSeconds();
                    run.line(String.format(Locale.ROOT, "killed one instance (kill -9); its connections moved to the other two in %d s (lease %d s): %s",
                            moved, LEASE.toSeconds(), shares(survivor)));
                    assertThat(moved).as("the killed instance's connections moved within one lease period (the awaiting polls every second)")
                            .isLessThanOrEqualTo(LEASE.toSeconds() + 2);
                }
                ServiceProcess.pause(Duration.ofSeconds(8));
                run.line("burst " + (burst + 1) + ": " + run.progress());
            }
            figures = run.converge(Settings.duration("reliability.convergence", "PT10M"));
            run.figures(figures);
            run.line("calls to the idle portal: " + idle.totalCalls());
            run.partnerOrgs.forEach((partner, org) -> logins.put(partner, org.calls().getOrDefault("login", 0L)));
            run.line("token requests to the partners' orgs: " + logins);
        }
        Harness.assertClean(figures);
        assertThat(logins).as("token requests to each partner's org (refresh-token login): one for the three instances, none after the kill")
                .allSatisfy((org, count) -> assertThat(count).isEqualTo(1L));
        assertThat(spread).as("every instance within ±10 % of an even share").isLessThanOrEqualTo(0.10);
    }

    /** Waits until the instances alive own all {@code total} connectors between {@code instances} of them; the largest deviation from even. */
    private static double awaitSpread(Harness run, ServiceProcess asked, int total, int instances, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (true) {
            List<Long> owned = owned(asked);
            if (owned.size() == instances && owned.stream().mapToLong(Long::longValue).sum() == total) {
                double even = (double) total / instances;
                return owned.stream().mapToDouble(o -> Math.abs(o - even) / even).max().orElse(1);
            }
            if (Instant.now().isAfter(until)) {
                run.line("spread not reached in " + timeout.toSeconds() + " s: " + shares(asked));
                throw new AssertionError("the connectors were not shared by " + instances + " instances within " + timeout + ": " + shares(asked));
            }
            ServiceProcess.pause(Duration.ofSeconds(1));
        }
    }

    private static List<Long> owned(ServiceProcess asked) throws Exception {
        List<Long> owned = new ArrayList<>();
        for (JsonNode instance : JSON.readTree(call(asked, "GET", "/api/instances", null).body()).path("instances")) {
            owned.add(instance.path("connectors").asLong());
        }
        return owned;
    }

    private static String shares(ServiceProcess asked) throws Exception {
        return owned(asked).toString();
    }

    private static HttpResponse<String> call(ServiceProcess instance, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
                .header("Authorization", "Bearer " + Harness.API_TOKEN).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
