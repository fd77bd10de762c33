package io.partnersync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Issue 9, item 7: kill -9 of the JVM leaves the embedded PostgreSQL running and the next start failed. */
@DisplayName("The embedded PostgreSQL after a killed JVM")
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresAfterKillIT {

    @TempDir
    Path dir;

    private Process owner;
    private long stalePid = -1;
    private EmbeddedPostgres restarted;

    @AfterEach
    void stopEverything() throws IOException {
        if (owner != null) {
            owner.destroyForcibly();
        }
        if (restarted != null) {
            restarted.close();
        }
        ProcessHandle.of(stalePid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    @DisplayName("a server left running by a JVM killed with kill -9 is stopped at the next start, which starts on the same data, durably, with nothing lost")
    void startsAfterKilledOwner(CapturedOutput output) throws Exception {
        Path dataDir = dir.resolve("postgres");
        Path ownerLog = dir.resolve("owner.log");
        owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledEmbeddedPostgresOwner.class.getName(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ownerLog.toFile()).start();
        int port = await().atMost(Duration.ofMinutes(2)).until(() -> portIn(ownerLog), p -> p > 0);
        assertThat(dataDir.resolve(EmbeddedPostgresStarter.PASSWORD_FILE)).exists();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JdbcTemplate(new SingleConnectionDataSource(
                        "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres", true)).execute("select 1"))
                .as("no password, no connection").hasRootCauseMessage("The server requested SCRAM-based authentication, but no password was provided.");
        new JdbcTemplate(dataSource(port, dataDir)).execute("create table kept (note text); insert into kept values ('written before the kill')");
        stalePid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());

        owner.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !owner.isAlive());
        assertThat(dataDir.resolve("postmaster.pid")).exists();
        assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive)).as("the server outlives its killed JVM").contains(true);

        restarted = EmbeddedPostgresStarter.start(dataDir, 0);

        assertThat(ProcessHandle.of(stalePid).filter(ProcessHandle::isAlive)).as("the stale server was stopped").isEmpty();
        assertThat(output).contains("Stopped a stale embedded PostgreSQL of a previous run (pid " + stalePid);
        JdbcTemplate jdbc = new JdbcTemplate(restarted.getPostgresDatabase());
        assertThat(jdbc.queryForObject("select 1", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForList("select note from kept", String.class)).containsExactly("written before the kill");
        assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("show full_page_writes", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("show listen_addresses", String.class)).isEqualTo("localhost");
    }

    private static int portIn(Path ownerLog) throws IOException {
        if (!Files.exists(ownerLog)) {
            return 0;
        }
        Optional<String> line = Files.readAllLines(ownerLog).stream().filter(l -> l.startsWith("port=")).findFirst();
        return line.map(l -> Integer.parseInt(l.substring("port=".length()).trim())).orElse(0);
    }

    private static SingleConnectionDataSource dataSource(int port, Path dataDir) throws IOException {
        return new SingleConnectionDataSource("jdbc:postgresql://localhost:" + port + "/postgres", "postgres",
                EmbeddedPostgresStarter.password(dataDir), true);
    }
}
