package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.RotatedSecrets;
import io.partnersync.connector.Secrets;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A refresh token HubSpot rotates is kept, encrypted, and a restarted service goes on with it, not with the spent configured one. */
@IntegrationTest
@DisplayName("Rotated HubSpot refresh tokens")
class RotatedRefreshTokenIT extends StoreTest {

    static final WireMockServer PORTAL = new WireMockServer(options().dynamicPort());

    static {
        PORTAL.start();
    }

    @AfterAll
    static void stop() {
        PORTAL.stop();
    }

    @DynamicPropertySource
    static void oauthPortal(DynamicPropertyRegistry registry) {
        String c = "partnersync.connectors[0].";
        registry.add(c + "name", () -> "acme-hubspot");
        registry.add(c + "type", () -> "hubspot");
        registry.add(c + "role", () -> "partner");
        registry.add(c + "partner", () -> "acme");
        registry.add(c + "entities", () -> "deal");
        registry.add(c + "base-url", PORTAL::baseUrl);
        registry.add(c + "local-sandbox", () -> "true");
        registry.add(c + "hubspot.auth", () -> "oauth");
        registry.add(c + "secret-env.client-id", () -> "ROTATE_CLIENT_ID");
        registry.add(c + "secret-env.client-secret", () -> "ROTATE_CLIENT_SECRET");
        registry.add(c + "secret-env.refresh-token", () -> "ROTATE_REFRESH_TOKEN");
        registry.add("ROTATE_CLIENT_ID", () -> "app-client-id");
        registry.add("ROTATE_CLIENT_SECRET", () -> "app-client-secret");
        registry.add("ROTATE_REFRESH_TOKEN", () -> "refresh-configured");
        registry.add("PARTNERSYNC_SECRET_KEY", () -> "q0xmVgqcpxGq3nvDnT9vQxHzD8Q5sVfPp2Ahw3Vn4yE=");
    }

    @Autowired PartnerSyncProperties properties;
    @Autowired Secrets secrets;
    @Autowired ObjectMapper json;
    @Autowired HubSpotUsage usage;
    @Autowired RotatedSecrets rotated;
    @Autowired JdbcTemplate jdbc;
    @Autowired ApplicationContext context;

    @Test
    @DisplayName("the rotated token is stored encrypted; after a restart the token request sends it; a newly configured token wins")
    void survivesARestart() {
        token("refresh-configured", "access-1", "refresh-rotated");
        token("refresh-rotated", "access-2", "refresh-rotated");
        var connector = properties.connector("acme-hubspot").orElseThrow();

        assertThat(clients().of(connector).hasProperty("deals", "partnersync_id")).isTrue();

        String stored = jdbc.queryForObject("select ciphertext from connector_secret where connector = 'acme-hubspot' and name = 'refresh-token'",
                String.class);
        assertThat(stored).doesNotContain("refresh-rotated");
        assertThat(rotated.current("acme-hubspot", "refresh-token", "refresh-configured")).isEqualTo("refresh-rotated");

        PORTAL.resetRequests();
        assertThat(clients().of(connector).hasProperty("deals", "partnersync_id")).isTrue(); // a new instance of the clients: as after a restart
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo("/oauth/v1/token")))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("refresh_token=refresh-rotated").doesNotContain("refresh-configured"));

        assertThat(rotated.current("acme-hubspot", "refresh-token", "refresh-newly-configured"))
                .as("an admin's new token is used, not the one stored for the old").isEqualTo("refresh-newly-configured");
    }

    @org.junit.jupiter.api.BeforeEach
    void fresh() {
        PORTAL.resetAll();
        jdbc.update("delete from connector_secret");
        jdbc.update("delete from connector_token");
    }

    @Test
    @DisplayName("three instances needing a token at once: one refresh, all use its token; the token refused (401) on all three: one more refresh")
    void oneRefreshForAllInstances() throws Exception {
        PORTAL.stubFor(post(urlPathEqualTo("/oauth/v1/token")).withRequestBody(containing("refresh_token=refresh-configured"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(300).withHeader("Content-Type", "application/json").withBody(
                        "{\"access_token\":\"access-1\",\"refresh_token\":\"refresh-rotated\",\"expires_in\":1800,\"token_type\":\"bearer\"}")));
        PORTAL.stubFor(post(urlPathEqualTo("/oauth/v1/token")).withRequestBody(containing("refresh_token=refresh-rotated"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(300).withHeader("Content-Type", "application/json").withBody(
                        "{\"access_token\":\"access-2\",\"refresh_token\":\"refresh-rotated\",\"expires_in\":1800,\"token_type\":\"bearer\"}")));
        PORTAL.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/crm/v3/properties/deals/partnersync_id"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        var connector = properties.connector("acme-hubspot").orElseThrow();
        List<HubSpotClients> instances = List.of(sharedClients(), sharedClients(), sharedClients());

        assertThat(atOnce(instances, connector)).containsOnly(true);
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo("/oauth/v1/token")))).hasSize(1);
        assertThat(PORTAL.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/crm/v3/properties/deals/partnersync_id"))))
                .hasSize(3).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer access-1"));
        assertThat(jdbc.queryForObject("select ciphertext from connector_token where connector = 'acme-hubspot'", String.class))
                .as("kept encrypted").doesNotContain("access-1");

        // HubSpot revokes access-1: every instance is refused once, one refresh serves all three
        PORTAL.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/crm/v3/properties/deals/partnersync_id"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer access-1"))
                .willReturn(aResponse().withStatus(401).withBody("{\"status\":\"error\",\"category\":\"EXPIRED_AUTHENTICATION\"}")));
        assertThat(atOnce(instances, connector)).containsOnly(true);
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo("/oauth/v1/token")))).hasSize(2)
                .last().satisfies(r -> assertThat(r.getBodyAsString()).contains("refresh_token=refresh-rotated"));
    }

    private static List<Boolean> atOnce(List<HubSpotClients> instances, io.partnersync.config.ConnectorProperties connector) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(instances.size());
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> calls = instances.stream().map(i -> pool.submit(() -> {
                start.await();
                return i.of(connector).hasProperty("deals", "partnersync_id");
            })).toList();
            start.countDown();
            List<Boolean> answers = new java.util.ArrayList<>();
            for (var call : calls) {
                answers.add(call.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The clients of one instance that shares its tokens through the store, as the service makes them. */
    private HubSpotClients sharedClients() {
        return new HubSpotClients(secrets, json, usage, context.getBeanProvider(RotatedSecrets.class), context.getBean(Connectors.class),
                context.getBeanProvider(io.partnersync.connector.SharedTokens.class));
    }

    private HubSpotClients clients() {
        return new HubSpotClients(secrets, json, usage, context.getBeanProvider(RotatedSecrets.class), context.getBean(Connectors.class));
    }

    private static void token(String refresh, String access, String next) {
        PORTAL.stubFor(post(urlPathEqualTo("/oauth/v1/token")).withRequestBody(containing("refresh_token=" + refresh))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + next + "\",\"expires_in\":1800,\"token_type\":\"bearer\"}")));
        PORTAL.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/crm/v3/properties/deals/partnersync_id"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
    }
}
