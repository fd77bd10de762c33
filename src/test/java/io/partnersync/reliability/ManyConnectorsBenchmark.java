package io.partnersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Not a test: what one node holds. The real service process with N HubSpot portal connectors (spread
 * over a few simulated portals without their rate limits, so the portals never throttle), each
 * polled every minute, beside the vendor's org. After start-up it samples, for a few minutes: the
 * process's threads and resident memory (/proc), the heap after a full GC (jcmd), and each
 * connector's poll gap (the time between two of its checkpoints in the store, sampled every 10 s). {@code mvn -B -Pbench verify -Dit.test=ManyConnectorsBenchmark
 * -Dbench.connectors=1000,5000 -Dbench.heap=1g}. Figures go to {@code target/reliability/connectors-<n>.txt}.
 */
@DisplayName("connectors on one node")
class ManyConnectorsBenchmark {

    private static final Path OUT = Path.of("target", "reliability");
    private static final int PORTALS = 10;

    @Test
    void manyConnectors() throws Exception {
        List<String> summary = new ArrayList<>();
        for (String size : Settings.text("bench.connectors", "1000").split(",")) {
            summary.add(run(Integer.parseInt(size.trim()), Settings.duration("bench.connectors.observe", "PT3M")));
        }
        summary.forEach(System.out::println);
    }

    private String run(int connectors, Duration observe) throws Exception {
        SharedDatabase store = SharedDatabase.create("connectors" + connectors);
        List<HubSpotSimulator> portals = new ArrayList<>();
        try (SalesforceSimulator vendor = new SalesforceSimulator(0, Duration.ZERO, Duration.ofSeconds(31))) {
            for (int i = 0; i < PORTALS; i++) {
                portals.add(new HubSpotSimulator("portal" + i, 0, 90_000_000_000L + i * 1_000_000_000L, Duration.ZERO, Duration.ofSeconds(31))
                        .limits(1_000_000, 100_000));
            }
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("MANY_SF_CLIENT_ID", "3MVG9-many");
            environment.put("MANY_SF_CLIENT_SECRET", "secret-of-many");
            StringBuilder yaml = new StringBuilder("""
                    partnersync:
                      connectors:
                        - name: vendor-sf
                          type: salesforce
                          role: vendor
                          base-url: %s
                          local-sandbox: true
                          poll-interval: PT1M
                          secret-env: { client-id: MANY_SF_CLIENT_ID, client-secret: MANY_SF_CLIENT_SECRET }
                          entities: [partner, deal]
                    """.formatted(vendor.url()));
            for (int i = 0; i < connectors; i++) {
                String partner = String.format(Locale.ROOT, "p%05d", i);
                yaml.append("""
                            - name: %s-hubspot
                              type: hubspot
                              role: partner
                              partner: %s
                              base-url: %s
                              local-sandbox: true
                              poll-interval: PT1M
                              secret-env: { token: %s_TOKEN }
                              entities: [deal]
                        """.formatted(partner, partner, portals.get(i % PORTALS).url(), partner.toUpperCase(Locale.ROOT)));
                environment.put(partner.toUpperCase(Locale.ROOT) + "_TOKEN", "pat-many-" + partner);
            }
            Files.createDirectories(OUT);
            Path config = Files.writeString(OUT.resolve("connectors-" + connectors + ".yml"), yaml);
            Map<String, String> arguments = new LinkedHashMap<>();
            arguments.put("spring.datasource.url", store.jdbcUrl());
            arguments.put("spring.datasource.username", "postgres");
            arguments.put("spring.datasource.password", "postgres");
            arguments.put("spring.config.import", "file:" + config.toAbsolutePath());
            arguments.put("partnersync.routes-dir", Path.of("routes").toAbsolutePath().toString());
            arguments.put("partnersync.mappings-dir", Path.of("mappings").toAbsolutePath().toString());
            arguments.put("partnersync.start-checks.enabled", "false");
            String heap = Settings.text("bench.heap", "1g");
            Instant starting = Instant.now();
            ServiceProcess service = ServiceProcess.start(List.of("-Xmx" + heap), arguments, environment, OUT.resolve("connectors-" + connectors + ".log"))
                    .awaitStarted(Duration.ofMinutes(10));
            try {
                return observe(connectors, observe, store, portals, service, starting, heap);
            } finally {
                service.stop();
            }
        } finally {
            portals.forEach(HubSpotSimulator::close);
        }
    }

    private String observe(int connectors, Duration observe, SharedDatabase store, List<HubSpotSimulator> portals, ServiceProcess service,
                           Instant starting, String heap) throws Exception {
        Instant serving = Instant.now();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d HubSpot connectors (poll interval PT1M) on %d portals, -Xmx%s: serving after %d s",
                connectors, PORTALS, heap, Duration.between(starting, serving).toSeconds()));
        long maxThreads = 0;
        long maxRss = 0;
        long maxGap = 0;
        Map<String, Double> lastPoll = new HashMap<>();
        Instant until = serving.plus(observe);
        while (Instant.now().isBefore(until)) {
            TimeUnit.SECONDS.sleep(10);
            long threads = status(service.pid(), "Threads");
            long rss = status(service.pid(), "VmRSS") / 1024;
            List<Map<String, Object>> polls = store.rows(
                    "select connector, extract(epoch from updated_at) as at from sync_checkpoint where connector like 'p%-hubspot' and entity_type = 'DEAL'");
            long gapNow = 0;
            for (Map<String, Object> poll : polls) {
                double at = ((Number) poll.get("at")).doubleValue();
                Double before = lastPoll.put((String) poll.get("connector"), at);
                if (before != null && at > before) {
                    gapNow = Math.max(gapNow, Math.round(at - before)); // between two polls' ends
                }
            }
            long polled = polls.size();
            maxThreads = Math.max(maxThreads, threads);
            maxRss = Math.max(maxRss, rss);
            maxGap = Math.max(maxGap, gapNow);
            lines.add(String.format(Locale.ROOT, "+%3d s: threads %d, RSS %d MB, connectors polled %d of %d, longest gap between two polls seen %d s",
                    Duration.between(serving, Instant.now()).toSeconds(), threads, rss, polled, connectors, gapNow));
        }
        long heapAfterGc = heapAfterGc(service.pid());
        lines.add(String.format(Locale.ROOT, "%d connectors: threads at most %d, RSS at most %d MB, heap after a full GC %d MB, "
                + "longest gap between two polls of a connector %d s (interval 60 s); calls to the portals %d",
                connectors, maxThreads, maxRss, heapAfterGc, maxGap, portals.stream().mapToLong(HubSpotSimulator::totalCalls).sum()));
        Files.write(OUT.resolve("connectors-" + connectors + ".txt"), lines);
        lines.forEach(line -> System.out.println("[connectors-" + connectors + "] " + line));
        assertThat(maxThreads).isPositive();
        return lines.get(lines.size() - 1);
    }

    /** A numeric field of /proc/<pid>/status (Threads; VmRSS in kB). */
    private static long status(long pid, String field) {
        try {
            Matcher value = Pattern.compile("(?m)^" + field + ":\\s+(\\d+)").matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
            return value.find() ? Long.parseLong(value.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jcmd <pid> GC.run}, then the used heap {@code GC.heap_info} reports, in MB. */
    private static long heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes());
        info.waitFor(60, TimeUnit.SECONDS);
        Matcher used = Pattern.compile("used (\\d+)K").matcher(text);
        long total = 0;
        if (used.find()) {
            total = Long.parseLong(used.group(1)); // the heap's total comes first
        }
        return total / 1024;
    }
}
