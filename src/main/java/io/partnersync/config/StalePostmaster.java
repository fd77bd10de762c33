package io.partnersync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Clears what a killed run left in an embedded data folder, so the next start does not fail with
 * {@code lock file "postmaster.pid" already exists}. zonky starts the server through
 * {@code pg_ctl}, which detaches it: the postmaster is not a child of the JVM, survives kill -9 of
 * the JVM (no shutdown hook runs) and keeps the data folder locked.
 *
 * <p>Call it only while no live process of ours owns the folder: it stops a postmaster that is
 * running on it. A live postmaster of this folder is stopped (SIGTERM, then SIGKILL after
 * {@link #GRACE}); a pid file whose process is gone, or whose pid now belongs to some other program
 * (pid reuse after a reboot), is removed, since PostgreSQL refuses to start while the pid in it is alive.
 */
final class StalePostmaster {

    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

    private StalePostmaster() {
    }

    static void clear(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            return;
        }
        // postmaster.pid: line 1 the postmaster's pid, line 2 its data folder, line 4 its port
        // (https://www.postgresql.org/docs/current/server-start.html, src/include/utils/pidfile.h)
        long pid = lines.isEmpty() ? -1 : parse(lines.get(0));
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
        if (process.isPresent() && isPostgres(process.get()) && ownsFolder(lines, dataDir)) {
            stop(process.get());
            log.warn("Stopped a stale embedded PostgreSQL of a previous run (pid {}, port {}, data {}): its JVM ended without stopping it",
                    pid, lines.size() > 3 ? lines.get(3) : "?", dataDir.toAbsolutePath());
        } else if (process.isEmpty() || !isPostgres(process.get())) {
            log.warn("Removed the stale postmaster.pid of a previous run (pid {} is no longer a PostgreSQL server) in {}", pid, dataDir.toAbsolutePath());
        } else {
            return; // a postgres whose pid file names another folder: not ours, PostgreSQL itself will refuse to start
        }
        Files.deleteIfExists(pidFile);
    }

    private static void stop(ProcessHandle postmaster) throws IOException {
        postmaster.destroy();
        try {
            postmaster.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the stale PostgreSQL " + postmaster.pid(), e);
        } catch (ExecutionException e) {
            throw new IOException("could not wait for the stale PostgreSQL " + postmaster.pid(), e);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString().startsWith("postgres")).orElse(false);
    }

    private static boolean ownsFolder(List<String> pidFile, Path dataDir) {
        try {
            return pidFile.size() > 1 && Files.isSameFile(Path.of(pidFile.get(1).trim()), dataDir);
        } catch (IOException e) {
            return false;
        }
    }

    private static long parse(String line) {
        try {
            return Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
