package io.partnersync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar partnersync.jar validate}: every problem at once, by file and key, and the exit code says whether there was one. */
@DisplayName("The validate command")
class ValidateCommandTest {

    @TempDir
    Path dir;

    private String output;

    private int validate(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        output = bytes.toString(StandardCharsets.UTF_8);
        return exit;
    }

    @Test
    @DisplayName("the shipped mappings and routes with a valid connector file: exit 0")
    void valid() throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: acme-hubspot
                      type: hubspot
                      role: partner
                      partner: acme
                      poll-interval: PT5M
                      entities: [lead, deal]
                """);

        assertThat(validate("--spring.config.import=file:" + config)).as(output).isZero();
        assertThat(output).contains("Configuration is valid.");
    }

    @Test
    @DisplayName("a misspelt key, an unknown type, a wrong enum word, an unset secret variable and an http URL: all reported, exit 1")
    void everyProblemAtOnce() throws IOException {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: acme-hubspot
                      type: hubspot
                      role: partner
                      partner: acme
                      poll-intervall: PT5M
                      hubspot:
                        auth: oath
                      secret-env:
                        token: ACME_TOKEN_NOT_SET_ANYWHERE
                      entities: [deal]
                    - name: vendor-sf
                      type: salesforce
                      role: vendor
                      base-url: http://example.my.salesforce.com
                      entities: [deal]
                  governance:
                    registration:
                      exclusivity-dayz: 30
                """);

        assertThat(validate("--spring.config.import=file:" + config)).isEqualTo(1);

        assertThat(output).contains("key 'partnersync.connectors[0].poll-intervall': expected a known setting")
                .contains("did you mean 'poll-interval'?")
                .contains("key 'partnersync.connectors[0].hubspot.auth': expected one of private-app, oauth, not 'oath'")
                .doesNotContain("OAUTH").doesNotContain("io.partnersync")
                .contains("key 'partnersync.connectors[0].secret-env.token': expected the environment variable ACME_TOKEN_NOT_SET_ANYWHERE to be set")
                .contains("key 'partnersync.connectors[1].base-url': expected an https URL")
                .contains("key 'partnersync.governance.registration.exclusivity-dayz'")
                .contains(config.getFileName().toString())
                .contains("5 problems found");
    }

    @Test
    @DisplayName("a bad mapping file and a route file Camel would refuse: each named with its key")
    void mappingsAndRoutes() throws IOException {
        Path mappings = dir.resolve("mappings");
        copy(Path.of("mappings"), mappings);
        Files.writeString(mappings.resolve("hubspot/deal.yaml"), """
                crm: hubspot
                entity: deal
                id: id
                colour: blue
                fields:
                  amount:
                    from: properties.amount
                    converter: money
                """);
        Path routes = dir.resolve("routes");
        copy(Path.of("routes"), routes);
        Files.writeString(routes.resolve("extra.camel.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - frobnicate:
                            expression: nothing
                """);
        Files.delete(routes.resolve("sync.camel.yaml"));
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: vendor-sf
                      type: salesforce
                      role: vendor
                      entities: [deal]
                """);

        assertThat(validate("--spring.config.import=file:" + config, "--partnersync.mappings-dir=" + mappings, "--partnersync.routes-dir=" + routes))
                .isEqualTo(1);

        assertThat(output).contains(mappings.resolve("hubspot/deal.yaml") + ": key 'fields.amount.converter': expected one of [trim")
                .contains("colour")
                .contains(routes.resolve("extra.camel.yaml") + ": key '[0].route.from.steps[0]'")
                .contains(routes.resolve("sync.camel.yaml") + ": key 'routeTemplate connector-inbound'");
    }

    @Test
    @DisplayName("an argument that is not a setting: usage, exit 2")
    void usage() {
        assertThat(validate("--online", "nonsense")).isEqualTo(2);
        assertThat(output).startsWith("usage: java -jar partnersync.jar validate");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
