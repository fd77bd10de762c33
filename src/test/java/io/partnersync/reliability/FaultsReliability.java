package io.partnersync.reliability;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The same workload twice: once clean, once with a share of every fake's calls failing (429 with
 * Retry-After, 503, answers past the client timeout, connection resets, responses lost after the
 * write was applied) for a few minutes; then faults off and convergence. Reports the calls of both.
 * {@code -Dreliability.faults.records} (default 2,000), {@code .share} (0.2), {@code .duration} (PT3M).
 */
@DisplayName("injected faults")
class FaultsReliability {

    @Test
    @DisplayName("20 % faulty calls for a few minutes, then convergence: 0 missing, 0 duplicated, 0 stale; calls compared with a clean run")
    void faultsThenConvergence() {
        int records = Settings.records("reliability.faults.records", 2_000);
        double share = Double.parseDouble(Settings.text("reliability.faults.share", "0.2"));
        Duration duration = Settings.duration("reliability.faults.duration", "PT3M");
        Duration timeout = Settings.duration("reliability.convergence", "PT10M");

        long cleanCalls;
        long cleanWrites;
        List<Census.Figures> clean;
        try (Harness run = new Harness("faults-clean")) {
            run.line("clean run: " + records + " records over " + duration.toSeconds() + " s");
            run.start();
            workload(run, records, duration);
            clean = run.converge(timeout);
            run.figures(clean);
            cleanCalls = run.totalCalls();
            cleanWrites = run.recordWrites();
        }
        List<Census.Figures> faulty;
        try (Harness run = new Harness("faults")) {
            run.line("faulty run: " + records + " records over " + duration.toSeconds() + " s with " + Math.round(share * 100) + " % faulty calls");
            run.start();
            run.faults(share);
            workload(run, records, duration);
            run.faults(0);
            run.line("faults off; " + run.progress());
            faulty = run.converge(timeout);
            run.figures(faulty);
            long calls = run.totalCalls();
            run.line(String.format("calls: %d with faults against %d in the clean run (%.2f times)", calls, cleanCalls, (double) calls / cleanCalls));
            run.line(String.format("record writes: %d with faults against %d in the clean run (%.2f times; %.3f per record, edits included)",
                    run.recordWrites(), cleanWrites, (double) run.recordWrites() / cleanWrites, run.writesPerRecord()));
        }
        Harness.assertClean(clean);
        Harness.assertClean(faulty);
    }

    /** Records created in six bursts over {@code duration}, with edits after each burst. */
    private static void workload(Harness run, int records, Duration duration) {
        for (int burst = 0; burst < 6; burst++) {
            run.users.create(records / 6 + (burst == 5 ? records % 6 : 0));
            if (burst > 0) {
                run.users.edit(Math.max(1, records / 60));
            }
            ServiceProcess.pause(duration.dividedBy(6));
            run.line("burst " + (burst + 1) + ": " + run.progress());
        }
    }
}
