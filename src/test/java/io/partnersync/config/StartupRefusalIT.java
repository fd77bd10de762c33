package io.partnersync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersync.PartnerSyncApplication;
import io.partnersync.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
@DisplayName("Start-up with bad configuration")
class StartupRefusalIT {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a bad mapping file stops start-up with a report naming the file and the key")
    void badMappingFile(CapturedOutput output) throws IOException {
        Path mappings = dir.resolve("mappings");
        Files.createDirectories(mappings.resolve("hubspot"));
        Path file = Files.writeString(mappings.resolve("hubspot/deal.yaml"), """
                crm: hubspot
                entity: deal
                id: id
                fields:
                  amount:
                    from: properties.amount
                    converter: money
                """);

        assertThatThrownBy(() -> start("--partnersync.mappings-dir=" + mappings))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(output).contains("PartnerSync configuration is invalid")
                .contains("File:     " + file)
                .contains("Key:      fields.amount.converter")
                .contains("expected one of [trim, lowercase").contains("was \"money\"");
    }

    @Test
    @DisplayName("a partner connector without its partner stops start-up naming the key and where it was set")
    void partnerConnectorWithoutPartner(CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: acme-hubspot
                      type: hubspot
                      role: partner
                      entities: [deal]
                """);

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(output).contains("Key:      partnersync.connectors[0].partner")
                .contains(config.getFileName().toString())
                .contains("the key of the partner this partner connector belongs to");
    }

    @Test
    @DisplayName("an unknown connector type stops start-up naming the property, the value and the file")
    void unknownConnectorType(CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: acme-zoho
                      type: zoho
                      role: partner
                      partner: acme
                      entities: [deal]
                """);

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config)).isNotNull();
        assertThat(output).contains("partnersync.connectors[0].type").contains("zoho").contains(config.getFileName().toString())
                .contains("expected one of the connector kinds dynamics, hubspot, salesforce, not 'zoho'").doesNotContain("must not be null");
    }

    @Test
    @DisplayName("a misspelt key stops start-up (it was silently ignored), with every other problem of the file")
    void unknownKeys(CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: acme-hubspot
                      type: hubspot
                      role: partner
                      partner: acme
                      poll-intervall: PT1M
                      entities: [deal]
                  relay:
                    perod: 1000
                """);

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(output).contains("PartnerSync configuration is invalid: 2 problems")
                .contains("key 'partnersync.connectors[0].poll-intervall': expected a known setting").contains("did you mean 'poll-interval'?")
                .contains("key 'partnersync.relay.perod': expected a known setting")
                .contains(config.getFileName().toString());
    }

    @Test
    @DisplayName("a registration rule out of range stops start-up naming the key, the file and what is expected")
    void badRegistrationRule(CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  governance:
                    registration:
                      exclusivity-days: 0
                """);

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(output).contains("Key:      partnersync.governance.registration.exclusivity-days")
                .contains(config.getFileName().toString())
                .contains("must be at least 1, was 0");
    }

    @Test
    @DisplayName("a lease shorter than 30 seconds stops start-up naming the key and what is expected")
    void leaseTooShort(CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  lease: PT5S
                """);

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config)).isNotNull();
        assertThat(output).contains("partnersync.lease").contains("expected at least 30 seconds");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"http://example.my.salesforce.com", "https://169.254.169.254/latest",
            "https://10.0.0.8", "https://localhost:8443", "https://[::1]:8443"})
    @DisplayName("a base URL that is not https, or points into the local network, stops start-up naming the key, unless the connector is a local sandbox")
    void baseUrlRefused(String url, CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: vendor-sf
                      type: salesforce
                      role: vendor
                      base-url: %s
                      entities: [partner]
                """.formatted(url));

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(output).contains("Key:      partnersync.connectors[0].base-url").contains(config.getFileName().toString())
                .contains("local-sandbox: true");
    }

    @Test
    @DisplayName("a secret variable that is not set stops start-up naming the key and the variable")
    void secretNotSet(CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: acme-hubspot
                      type: hubspot
                      role: partner
                      partner: acme
                      entities: [deal]
                      secret-env:
                        token: PARTNERSYNC_NOT_SET_ANYWHERE_TOKEN
                """);

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(output).contains("Key:      partnersync.connectors[0].secret-env.token").contains(config.getFileName().toString())
                .contains("the environment variable PARTNERSYNC_NOT_SET_ANYWHERE_TOKEN to be set");
    }

    @Test
    @DisplayName("the same loopback base URL is accepted for a connector marked as a local sandbox")
    void localSandbox() {
        assertThat(ConnectorConfigurationValidator.baseUrlRefusal(sandbox("http://localhost:8080", true))).isNull();
        assertThat(ConnectorConfigurationValidator.baseUrlRefusal(sandbox("http://localhost:8080", false))).contains("https");
        assertThat(ConnectorConfigurationValidator.baseUrlRefusal(sandbox("https://acme.my.salesforce.com", false))).isNull();
    }

    private static ConnectorProperties sandbox(String url, boolean local) {
        return new ConnectorProperties("vendor-sf", "salesforce", ConnectorProperties.ConnectorRole.VENDOR, null, true,
                java.net.URI.create(url), java.util.Map.of(), java.time.Duration.ofMinutes(1), java.util.Set.of(io.partnersync.canonical.EntityType.PARTNER),
                null, local, null);
    }

    @Test
    @DisplayName("a {noop} password (the password itself in a file) stops start-up naming the user's key")
    void plaintextPasswordRefused(CapturedOutput output) throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  security:
                    users:
                      - name: dana
                        password-hash: "{noop}hunter2"
                        role: ops
                """);

        assertThatThrownBy(() -> start("--spring.config.import=file:" + config)).isInstanceOf(RuntimeException.class);
        assertThat(output).containsPattern("partnersync\\.security\\.users\\[0\\]\\.password(-h|H)ash").contains("{bcrypt}").contains("{noop} (plaintext)")
                .doesNotContain("hunter2");
    }

    @Test
    @DisplayName("a data folder of PostgreSQL 14 is never opened: start-up stops naming the key and what to do, and leaves the folder as it was")
    void olderMajorDataFolderRefused() throws IOException {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        Files.writeString(data.resolve("PG_VERSION"), "14\n");
        Files.writeString(data.resolve("postgresql.conf"), "# a PostgreSQL 14 cluster\n");

        assertThatThrownBy(() -> new SpringApplicationBuilder(PartnerSyncApplication.class).profiles("test")
                .run("--partnersync.embedded.data-dir=" + data, "--server.port=0", "--camel.main.main-run-controller=false").close())
                .rootCause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("partnersync.embedded.data-dir").hasMessageContaining("made by PostgreSQL 14")
                .hasMessageContaining("pg_dumpall").hasMessageContaining("pg_upgrade");
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("PG_VERSION", "postgresql.conf");
        }
        assertThat(Files.readString(data.resolve("PG_VERSION"))).isEqualTo("14\n");
    }

    private void start(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--spring.datasource.url=" + TestDatabase.newDatabase();
        all[args.length + 1] = "--server.port=0";
        all[args.length + 2] = "--camel.main.main-run-controller=false";
        new SpringApplicationBuilder(PartnerSyncApplication.class).run(all).close();
    }
}
