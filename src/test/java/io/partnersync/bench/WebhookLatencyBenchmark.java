package io.partnersync.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.partnersync.canonical.EntityType;
import io.partnersync.support.Connectors;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.Records;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.SalesforceOrg;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IngestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test: how long a change a rep makes in HubSpot takes to reach Salesforce when HubSpot
 * pushes it by webhook. Each round posts one signed webhook for one new deal and waits until the
 * Salesforce fake receives the upsert that carries it; the fakes' own time (HubSpot's batch read and
 * Salesforce's upsert, as WireMock timed them) is reported apart from the service's. The relay is
 * woken by the ingest's commit; its 5 s timer is the safety net. {@code mvn -Pbench verify
 * -Dit.test=WebhookLatencyBenchmark}; figures go to stdout and {@code target/benchmark/webhook-latency.txt}.
 */
@IntegrationTest
class WebhookLatencyBenchmark extends StoreTest {

    static final int WARM_UP = 20;
    static final int ROUNDS = 200;
    /**
     * One change every 250 ms: each costs two calls to the portal (the webhook's batch read, and
     * writing PartnerSync's id onto the rep's new deal), 80 per 10 s, under HubSpot's burst limit of
     * 100. Faster, the client's limiter holds calls back, as it must, and that wait is not latency.
     */
    static final long PACE_MILLIS = 250;
    static final SalesforceOrg ORG = new SalesforceOrg();
    static final SalesforceFake SALESFORCE = new SalesforceFake(ORG).start();
    static final HubSpotPortal ACME_PORTAL = new HubSpotPortal();
    static final WireMockServer ACME = new WireMockServer(options().dynamicPort().extensions(ACME_PORTAL));
    static final Map<String, Long> ARRIVED = new ConcurrentHashMap<>();

    static {
        ACME.start();
        HubSpotPortal.serve(ACME);
        ORG.serve(SALESFORCE.server());
        SALESFORCE.server().addMockServiceRequestListener((request, response) -> {
            long now = System.nanoTime();
            String body = request.getBodyAsString();
            int at = body.indexOf("Webhook deal ");
            while (at >= 0) {
                int end = body.indexOf('"', at);
                ARRIVED.putIfAbsent(body.substring(at, end), now);
                at = body.indexOf("Webhook deal ", end);
            }
        });
    }

    @LocalServerPort int port;
    @Autowired IngestService ingest;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,deal", "LATENCY_SF");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::baseUrl, "deal");
        registry.add("partnersync.relay.enabled", () -> "true");
        registry.add("partnersync.governance.registration.enabled", () -> "false");
    }

    @Test
    void webhookToSalesforce() throws Exception {
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold",
                "2026-11-21T08:59:00.000+0000")), null);
        HttpClient http = HttpClient.newHttpClient();
        List<Double> total = new ArrayList<>();
        List<String[]> measured = new ArrayList<>();
        List<Double> webhook = new ArrayList<>();
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            Thread.sleep(PACE_MILLIS);
            String id = String.valueOf(91_000_000_000L + round);
            String name = "Webhook deal " + round;
            ACME_PORTAL.seed("deals", List.of(Records.portalDeal(id, name, "1000", Instant.now())));
            String body = "[{\"eventId\":" + (5_000_000 + round) + ",\"subscriptionId\":1,\"portalId\":62515,\"occurredAt\":"
                    + System.currentTimeMillis() + ",\"subscriptionType\":\"deal.creation\",\"attemptNumber\":0,\"objectId\":" + id
                    + ",\"changeSource\":\"CRM\"}]";
            long sent = System.nanoTime();
            HttpResponse<String> answer = http.send(signed(body), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            long deadline = sent + 30_000_000_000L;
            while (!ARRIVED.containsKey(name) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ARRIVED).as("deal %s reached Salesforce", name).containsKey(name);
            if (round >= WARM_UP) {
                total.add((ARRIVED.get(name) - sent) / 1e6);
                webhook.add((answered - sent) / 1e6);
                measured.add(new String[] {id, name});
            }
        }
        Thread.sleep(500); // the last answers' timings are recorded once they have been sent
        List<Double> fake = measured.stream().map(m -> fakeMillis(m[0], m[1])).toList();
        List<Double> service = new ArrayList<>();
        for (int i = 0; i < total.size(); i++) {
            service.add(Math.max(0, total.get(i) - fake.get(i)));
        }
        String report = String.format(Locale.ROOT, """
                Webhook to Salesforce, %d changes one every %d ms (after %d warm-up), one new deal each
                                        p50        p95        p99        max
                  total             %7.1f ms %7.1f ms %7.1f ms %7.1f ms
                  service           %7.1f ms %7.1f ms %7.1f ms %7.1f ms
                  fakes (HubSpot batch read + Salesforce upsert, WireMock serve time)
                                    %7.1f ms %7.1f ms %7.1f ms %7.1f ms
                  of which the webhook's answer (batch read and ingest committed)
                                    %7.1f ms %7.1f ms %7.1f ms %7.1f ms
                """, ROUNDS, PACE_MILLIS, WARM_UP,
                pct(total, 50), pct(total, 95), pct(total, 99), pct(total, 100),
                pct(service, 50), pct(service, 95), pct(service, 99), pct(service, 100),
                pct(fake, 50), pct(fake, 95), pct(fake, 99), pct(fake, 100),
                pct(webhook, 50), pct(webhook, 95), pct(webhook, 99), pct(webhook, 100));
        for (int i = 0; i < total.size(); i++) {
            if (total.get(i) > 500) {
                System.out.printf(Locale.ROOT, "slow round %d: total %.1f ms, webhook answer %.1f ms%n", i + WARM_UP, total.get(i), webhook.get(i));
            }
        }
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/webhook-latency.txt"), report);
    }

    /** What the fakes spent on this change: the batch read naming the deal's id and the Salesforce call carrying its name. */
    private double fakeMillis(String id, String name) {
        double spent = 0;
        for (ServeEvent event : ACME.getAllServeEvents()) {
            if (event.getRequest().getUrl().endsWith("/batch/read") && event.getRequest().getBodyAsString().contains("\"" + id + "\"")) {
                spent += served(event);
            }
        }
        for (ServeEvent event : SALESFORCE.server().getAllServeEvents()) {
            if (event.getRequest().getBodyAsString().contains("\"" + name + "\"")) {
                spent += served(event);
            }
        }
        return spent;
    }

    private static double served(ServeEvent event) {
        Integer millis = event.getTiming().getServeTime();
        return millis == null ? 0 : millis;
    }

    private HttpRequest signed(String body) throws Exception {
        String uri = "http://localhost:" + port + "/webhooks/hubspot/acme-hubspot";
        String timestamp = String.valueOf(System.currentTimeMillis());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("app-secret-acme".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(("POST" + uri + body + timestamp).getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json").header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", timestamp).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
