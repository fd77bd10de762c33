package io.partnersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a backfill, black-box. The users create N records in the simulated org and both
 * portals (half deals in the portals, 30 % Opportunities and 20 % Leads in Salesforce) before the
 * real service process starts; the clock runs from the moment it serves until every record is in
 * every system it belongs in and the outbox is drained (checked every 2 s). Reports records per
 * second and the calls each simulated CRM received, per size: {@code mvn -Pbench verify
 * -Dit.test=BackfillBenchmark -Dbench.backfill.sizes=10000,50000,100000}. Figures go to
 * {@code target/reliability/backfill-<size>.txt}.
 */
@DisplayName("backfill throughput")
class BackfillBenchmark {

    @Test
    void backfill() {
        List<String> summary = new ArrayList<>();
        for (String size : Settings.text("bench.backfill.sizes", "10000,50000").split(",")) {
            int records = Integer.parseInt(size.trim());
            try (Harness run = new Harness("backfill-" + records)) {
                run.users.create(records);
                run.start();
                Instant serving = Instant.now();
                Duration took = awaitSynced(run, Settings.duration("reliability.convergence", "PT15M"));
                List<Census.Figures> figures = run.census();
                run.figures(figures);
                String line = String.format(Locale.ROOT, "backfill of %d records: %d s from serving to synced, %.0f records/s; calls %d (%.3f per record): vendor-sf %d, %s; record writes per record %.3f",
                        records, took.toSeconds(), records / Math.max(0.001, took.toMillis() / 1000.0), run.totalCalls(), (double) run.totalCalls() / records,
                        run.salesforce.totalCalls(), java.util.stream.Stream.concat(run.portals.entrySet().stream().map(e -> e.getKey() + "-hubspot " + e.getValue().totalCalls()),
                                java.util.stream.Stream.concat(run.partnerOrgs.entrySet().stream().map(e -> Users.CONNECTORS.get(e.getKey()) + " " + e.getValue().totalCalls()),
                                        run.environments.entrySet().stream().map(e -> Users.CONNECTORS.get(e.getKey()) + " " + e.getValue().totalCalls()))).toList(),
                        run.writesPerRecord());
                run.line(line);
                summary.add(line);
                String minimum = "backfill of " + records + ", calls against the minimum: " + String.join("; ", run.callsAgainstMinimum());
                run.line(minimum);
                summary.add(minimum);
                Harness.assertClean(figures);
                assertThat(serving).isBefore(Instant.now());
            }
        }
        summary.forEach(System.out::println);
    }

    /** Time from now until nothing is missing or stale anywhere and no outbox entry is pending. */
    private static Duration awaitSynced(Harness run, Duration timeout) {
        Instant start = Instant.now();
        long second = 0;
        while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
            if (second++ % 5 == 0) {
                run.line(Duration.between(start, Instant.now()).toSeconds() + " s: " + run.counts());
            }
            // the full census reads every system; on a machine the service shares, it runs only once the cheap counts say it may pass
            if (run.mayBeSynced()) {
                List<Census.Figures> figures = run.census();
                if (figures.stream().allMatch(f -> f.missing() == 0 && f.stale() == 0) && run.pendingOutbox() == 0) {
                    return Duration.between(start, Instant.now());
                }
            }
            ServiceProcess.pause(Duration.ofSeconds(1));
        }
        throw new AssertionError("not synced within " + timeout + ": " + run.progress());
    }
}
