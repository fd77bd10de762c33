package io.partnersync.config;

import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.PartnerSyncApplication;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IngestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("The embedded default")
class EmbeddedDefaultIT {

    @TempDir
    Path dir;

    /** The data folder, with its binaries' folder beside it, both in the test's own temporary folder. */
    private Path dataDir() {
        return dir.resolve("postgres");
    }

    @Test
    @DisplayName("with no database configured the service runs on embedded PostgreSQL, reports UP, and keeps its data across a restart")
    void dataSurvivesRestart() throws Exception {
        try (ConfigurableApplicationContext first = start()) {
            assertThat(health(first)).as("readiness covers the database").contains("\"status\":\"UP\"");
            first.getBean(IngestService.class).ingest("vendor-sf", EntityType.PARTNER,
                    List.of(salesforcePartner("001KEEP", "acme", "Acme Resellers", "Gold", "2026-11-20T08:00:00.000+0000")), null);
        }
        assertThat(Files.readString(dataDir().resolve("PG_VERSION")).trim()).as("the data folder holds a PostgreSQL 18 cluster")
                .isEqualTo(EmbeddedPostgresStarter.MAJOR_VERSION).isEqualTo("18");
        Path binaries = EmbeddedBinaries.beside(dataDir());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)))
                .as("the binaries' folder is the owner's only").isEqualTo("rwx------");
        assertThat(Files.getOwner(binaries).getName()).isEqualTo(System.getProperty("user.name"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir().resolve(EmbeddedPostgresStarter.PASSWORD_FILE))))
                .isEqualTo("rw-------");

        try (ConfigurableApplicationContext second = start()) {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("show server_version_num", String.class)).as("the server the binaries run").startsWith("18");
            assertThat(jdbc.queryForObject("select name from partner where key = 'acme'", String.class)).isEqualTo("Acme Resellers");
            assertThat(health(second)).contains("\"status\":\"UP\"");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PartnerSyncApplication.class)
                .profiles("test")
                .run("--partnersync.embedded.data-dir=" + dataDir(), "--server.port=0", "--camel.main.main-run-controller=false");
    }

    private static String health(ConfigurableApplicationContext context) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
