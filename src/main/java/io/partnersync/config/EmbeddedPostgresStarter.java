package io.partnersync.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Starts the embedded PostgreSQL on a data folder kept across runs, durably, and after a killed
 * run as after a clean one. Fails when a live process already runs a server on the folder.
 */
final class EmbeddedPostgresStarter {

    /** zonky's own lock file in the data folder: locked while its JVM lives, released by the OS when the JVM dies, kill -9 included. */
    private static final String OWNER_LOCK = "epg-lock";

    private EmbeddedPostgresStarter() {
    }

    /** @param port 0 picks a free port */
    static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        if (!unowned(dataDir)) {
            throw new IllegalStateException("the embedded PostgreSQL data folder " + dataDir.toAbsolutePath()
                    + " is in use by another running PartnerSync; give each instance its own partnersync.embedded.data-dir");
        }
        StalePostmaster.clear(dataDir);
        // zonky is tuned for throwaway test databases: it passes -F (fsync off) and synchronous_commit=off,
        // so a host crash could lose commits we confirmed. Our -c settings come after -F and win.
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /** Never creates the lock file: initdb refuses a folder that is not empty. */
    private static boolean unowned(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }
}
