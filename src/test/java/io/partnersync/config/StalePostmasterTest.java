package io.partnersync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9, item 7: the pid file a killed run leaves behind, when its server is gone (the live server is in {@link EmbeddedPostgresAfterKillIT}). */
@DisplayName("A stale postmaster.pid")
class StalePostmasterTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("whose process has exited is removed")
    void deadPid() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        writePidFile(exited.pid());

        StalePostmaster.clear(dataDir);

        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @DisplayName("whose pid now belongs to another program is removed, and that program is left running")
    void reusedPid() throws Exception {
        Process other = new ProcessBuilder("sleep", "300").start();
        try {
            writePidFile(other.pid());

            StalePostmaster.clear(dataDir);

            assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    private void writePidFile(long pid) throws Exception {
        Files.writeString(dataDir.resolve("postmaster.pid"),
                pid + "\n" + dataDir.toAbsolutePath() + "\n1795770000\n54321\n/tmp\nlocalhost\n  5432001    32768\nready   \n");
    }
}
