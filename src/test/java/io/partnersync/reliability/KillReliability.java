package io.partnersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the service mid-sync, round after round, while users create records in both portals
 * and in Salesforce and edit them between rounds; then one last start and convergence.
 * {@code -Dreliability.kill.records} (default 10,000), {@code -Dreliability.kill.rounds} (10).
 */
@DisplayName("kill -9 mid-sync")
class KillReliability {

    @Test
    @DisplayName("10 rounds of kill -9 mid-sync with edits between them, then convergence: 0 missing, 0 duplicated, 0 stale everywhere")
    void killedMidSync() {
        int records = Settings.records("reliability.kill.records", 10_000);
        int rounds = (int) Settings.number("reliability.kill.rounds", 10);
        Random random = new Random(Settings.number("reliability.seed", 9));
        List<Census.Figures> figures;
        try (Harness run = new Harness("kill")) {
            run.line("kill -9: " + records + " records, " + rounds + " rounds");
            for (int round = 1; round <= rounds; round++) {
                int batch = records / rounds + (round == rounds ? records % rounds : 0);
                run.users.create(batch / 2);
                ServiceProcess service = run.start();
                run.users.create(batch - batch / 2);
                Duration runFor = Duration.ofSeconds(3 + random.nextInt(13));
                ServiceProcess.pause(runFor);
                run.kill(service);
                int edits = Math.max(1, run.ledger.size() / 50);
                run.users.edit(edits);
                run.line("round " + round + ": killed " + runFor.toSeconds() + " s after start, then " + edits + " edits; " + run.progress());
            }
            run.start();
            figures = run.converge(Settings.duration("reliability.convergence", "PT10M"));
            run.figures(figures);
            run.line(String.format("record writes per record: %.3f (edits included)", run.writesPerRecord()));
        }
        Harness.assertClean(figures);
        assertThat(figures).isNotEmpty();
    }
}
