package io.partnersync.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Starts the embedded PostgreSQL on a data folder kept across runs, durably, and after a killed
 * run as after a clean one. Fails when a live process already runs a server on the folder.
 */
final class EmbeddedPostgresStarter {

    /** zonky's own lock file in the data folder: locked while its JVM lives, released by the OS when the JVM dies, kill -9 included. */
    private static final String OWNER_LOCK = "epg-lock";
    /** The postgres role's password, in the data folder. */
    static final String PASSWORD_FILE = "partnersync-db-password";
    /** The major version of the binaries this build embeds (EmbeddedDefaultIT checks it against the running server). */
    static final String MAJOR_VERSION = "18";

    private EmbeddedPostgresStarter() {
    }

    /** @param port 0 picks a free port */
    static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        if (!unowned(dataDir)) {
            throw new IllegalStateException("the embedded PostgreSQL data folder " + dataDir.toAbsolutePath()
                    + " is in use by another running PartnerSync; give each instance its own partnersync.embedded.data-dir");
        }
        refuseOtherMajor(dataDir);
        StalePostmaster.clear(dataDir);
        // zonky is tuned for throwaway test databases: it passes -F (fsync off) and synchronous_commit=off,
        // so a host crash could lose commits we confirmed. Our -c settings come after -F and win.
        var builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(EmbeddedBinaries.prepare(EmbeddedBinaries.beside(dataDir)).toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        // loopback only, and a password: another local user or a container neighbour cannot reach the store
        builder.setServerConfig("listen_addresses", "localhost").setServerConfig("password_encryption", "scram-sha-256");
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        boolean secured = Files.exists(passwordFile);
        if (secured) {
            builder.setConnectConfig("password", Files.readString(passwordFile).trim());
        }
        EmbeddedPostgres postgres = builder.start();
        if (!secured) {
            secure(postgres, dataDir, passwordFile);
        }
        return postgres;
    }

    /**
     * A data folder made by another major version is never opened: PostgreSQL's on-disk format changes
     * between majors, and the older server's binaries are not in this build.
     */
    static void refuseOtherMajor(Path dataDir) throws IOException {
        Path versionFile = dataDir.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String major = Files.readString(versionFile).trim();
        if (!major.equals(MAJOR_VERSION)) {
            throw new InvalidConfigurationException(dataDir.toAbsolutePath().toString(), "partnersync.embedded.data-dir",
                    "a data folder of PostgreSQL " + MAJOR_VERSION + ", the version this PartnerSync embeds; this one was made by PostgreSQL "
                            + major + " and is left untouched. To keep its data, start the previous PartnerSync release on it, dump it "
                            + "(pg_dumpall -h localhost -p <its partnersync.embedded.port> -U postgres, password in " + PASSWORD_FILE
                            + "), move the folder away, start this release and restore the dump into it with psql; "
                            + "or run pg_upgrade with both versions' binaries. To start empty, move the folder away.");
        }
    }

    /** The embedded database's password (made at its first start, kept in its data folder, readable by its owner only). */
    static String password(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve(PASSWORD_FILE)).trim();
    }

    /**
     * First start: initdb trusts every local connection; give the postgres role a random password,
     * keep it in the data folder (owner-only), and make every connection present it (scram-sha-256).
     */
    private static void secure(EmbeddedPostgres postgres, Path dataDir, Path passwordFile) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("alter role postgres password '" + password + "'");
            OwnerOnlyFile.write(passwordFile, password);
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # PartnerSync: every connection presents the password in partnersync-db-password
                    local all all scram-sha-256
                    host  all all 127.0.0.1/32 scram-sha-256
                    host  all all ::1/128 scram-sha-256
                    """);
            statement.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not set the embedded PostgreSQL's password: " + e.getMessage(), e);
        }
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
