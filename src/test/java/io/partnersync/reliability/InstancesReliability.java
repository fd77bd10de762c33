package io.partnersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/**
 * Several service processes on one database, as a user scales out or deploys with overlap; one of
 * them is killed mid-run. Users only create records here, so each record is owed exactly one
 * write to one CRM: record writes per record should be 1.0.
 * {@code -Dreliability.instances.records} (default 3,000), {@code -Dreliability.instances.max-writes-per-record} (1.1).
 */
@DisplayName("several instances on one database")
class InstancesReliability {

    @ParameterizedTest(name = "{0} instances")
    @ValueSource(ints = {2, 3})
    @DisplayName("instances on one database, one killed mid-run: 0 missing, 0 duplicated, 0 stale, one write per record")
    void instancesOnOneDatabase(int instances) {
        int records = Settings.records("reliability.instances.records", 3_000);
        double maxWrites = Double.parseDouble(Settings.text("reliability.instances.max-writes-per-record", "1.1"));
        List<Census.Figures> figures;
        double writes;
        try (Harness run = new Harness("instances-" + instances)) {
            run.line(instances + " instances, " + records + " records, the first instance killed mid-run");
            for (int i = 0; i < instances; i++) {
                run.start();
            }
            for (int burst = 0; burst < 4; burst++) {
                run.users.create(records / 4 + (burst == 3 ? records % 4 : 0));
                if (burst == 1) {
                    ServiceProcess.pause(Duration.ofSeconds(2));
                    run.kill(run.running.get(0));
                    run.line("killed one instance (kill -9) 2 s after a burst, while it syncs; " + (instances - 1) + " left");
                }
                ServiceProcess.pause(Duration.ofSeconds(8));
                run.line("burst " + (burst + 1) + ": " + run.progress());
            }
            figures = run.converge(Settings.duration("reliability.convergence", "PT10M"));
            run.figures(figures);
            writes = run.writesPerRecord();
            run.line(String.format("record writes per record: %.3f (goal 1.0)", writes));
        }
        Harness.assertClean(figures);
        assertThat(writes).as("record writes per record").isLessThanOrEqualTo(maxWrites);
    }
}
