package io.partnersync.connector.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.connector.RotatedSecrets;
import io.partnersync.connector.Secrets;
import io.partnersync.connector.SharedTokens;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A partner's org connected with a refresh token (web server flow), used by several instances:
 * each instance here is a camel-salesforce component of its own, in a Camel context of its own,
 * as in separate processes; they share only the store.
 */
@IntegrationTest
@DisplayName("Salesforce refresh-token logins shared by instances")
class SharedSalesforceLoginIT extends StoreTest {

    static final WireMockServer ORG = new WireMockServer(options().dynamicPort());
    static final String LIMITS = "/services/data/v62.0/limits/";

    static {
        ORG.start();
    }

    @AfterAll
    static void stop() {
        ORG.stop();
    }

    @DynamicPropertySource
    static void partnerOrg(DynamicPropertyRegistry registry) {
        String c = "partnersync.connectors[0].";
        registry.add(c + "name", () -> "initech-salesforce");
        registry.add(c + "type", () -> "salesforce");
        registry.add(c + "role", () -> "partner");
        registry.add(c + "partner", () -> "initech");
        registry.add(c + "entities", () -> "deal");
        registry.add(c + "base-url", ORG::baseUrl);
        registry.add(c + "local-sandbox", () -> "true");
        registry.add(c + "salesforce.auth", () -> "refresh-token");
        registry.add(c + "secret-env.client-id", () -> "SHARED_SF_CLIENT_ID");
        registry.add(c + "secret-env.client-secret", () -> "SHARED_SF_CLIENT_SECRET");
        registry.add(c + "secret-env.refresh-token", () -> "SHARED_SF_REFRESH_TOKEN");
        registry.add("SHARED_SF_CLIENT_ID", () -> "3MVG9-shared");
        registry.add("SHARED_SF_CLIENT_SECRET", () -> "shared-app-secret");
        registry.add("SHARED_SF_REFRESH_TOKEN", () -> "5Aep-configured");
        registry.add("PARTNERSYNC_SECRET_KEY", () -> "q0xmVgqcpxGq3nvDnT9vQxHzD8Q5sVfPp2Ahw3Vn4yE=");
    }

    @Autowired PartnerSyncProperties properties;
    @Autowired Secrets secrets;
    @Autowired SalesforceLimits limits;
    @Autowired ObjectMapper json;
    @Autowired Connectors connectors;
    @Autowired org.springframework.context.ApplicationContext context;
    @Autowired RotatedSecrets rotated;
    @Autowired JdbcTemplate jdbc;

    private final List<DefaultCamelContext> contexts = new ArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void fresh() {
        jdbc.update("delete from connector_secret");
        jdbc.update("delete from connector_token");
    }

    @AfterEach
    void stopInstances() {
        contexts.forEach(DefaultCamelContext::stop);
        ORG.resetAll();
    }

    @Test
    @DisplayName("three instances logging in at once: one token request; the token refused (401) on all three: one more, with the rotated refresh token")
    void oneRefreshForAllInstances() throws Exception {
        // the connected app rotates refresh tokens: each one works once
        token("5Aep-configured", "access-1", "5Aep-rotated-1");
        token("5Aep-rotated-1", "access-2", "5Aep-rotated-2");
        ORG.stubFor(get(urlPathEqualTo(LIMITS)).willReturn(limits()));
        ConnectorProperties connector = properties.connector("initech-salesforce").orElseThrow();
        List<SalesforceApi> instances = List.of(instance(), instance(), instance());

        assertThat(atOnce(instances, connector)).containsOnly("15000");
        assertThat(ORG.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token")))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("grant_type=refresh_token").contains("refresh_token=5Aep-configured"));
        assertThat(ORG.findAll(getRequestedFor(urlPathEqualTo(LIMITS))))
                .hasSize(3).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer access-1"));
        assertThat(jdbc.queryForObject("select ciphertext from connector_token where connector = 'initech-salesforce'", String.class))
                .as("kept encrypted").doesNotContain("access-1");
        assertThat(rotated.current("initech-salesforce", "refresh-token", "5Aep-configured")).isEqualTo("5Aep-rotated-1");

        // the org ends the session (timeout, revoked): each instance is refused once, one refresh serves all three
        ORG.stubFor(get(urlPathEqualTo(LIMITS)).withHeader("Authorization", equalTo("Bearer access-1")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]")));
        assertThat(atOnce(instances, connector)).containsOnly("15000");
        assertThat(ORG.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token")))).hasSize(2)
                .last().satisfies(r -> assertThat(r.getBodyAsString()).contains("refresh_token=5Aep-rotated-1"));
        assertThat(ORG.findAll(getRequestedFor(urlPathEqualTo(LIMITS))).stream().filter(r -> "Bearer access-2".equals(r.getHeader("Authorization"))))
                .hasSize(3);

        // an instance stops: the session the others use is not revoked
        contexts.get(0).stop();
        assertThat(ORG.findAll(anyRequestedFor(urlPathMatching("/services/oauth2/revoke.*")))).isEmpty();
        assertThat(instances.get(1).get(connector, LIMITS, Map.of()).path("DailyApiRequests").path("Max").asText()).isEqualTo("15000");
        assertThat(ORG.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token")))).hasSize(2);
    }

    @Test
    @DisplayName("a refresh token the org refuses fails the login with Salesforce's reason, never a secret")
    void refusedRefreshToken() {
        ORG.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}")));
        ConnectorProperties connector = properties.connector("initech-salesforce").orElseThrow();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> instance().get(connector, LIMITS, Map.of()))
                .isInstanceOf(SalesforceApiException.class)
                .satisfies(e -> assertThat(((SalesforceApiException) e).category()).isEqualTo(io.partnersync.sync.spi.FailureCategory.AUTH))
                .hasMessageContaining("login of connector initech-salesforce failed").hasMessageContaining("invalid_grant")
                .hasMessageContaining("expired access/refresh token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("5Aep-configured").doesNotContain("shared-app-secret"));
        assertThat(ORG.findAll(getRequestedFor(urlPathEqualTo(LIMITS)))).isEmpty();
    }

    private static List<String> atOnce(List<SalesforceApi> instances, ConnectorProperties connector) throws Exception {
        var pool = Executors.newFixedThreadPool(instances.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> calls = instances.stream().map(api -> pool.submit(() -> {
                start.await();
                return api.get(connector, LIMITS, Map.of()).path("DailyApiRequests").path("Max").asText();
            })).toList();
            start.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<String> call : calls) {
                answers.add(call.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One instance's Salesforce client: its own Camel context (its own camel-salesforce component and session), the shared store. */
    private SalesforceApi instance() {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        contexts.add(camel);
        return new SalesforceApi(camel, camel.createProducerTemplate(), secrets, limits, json, new SimpleMeterRegistry(), connectors,
                context.getBeanProvider(SharedTokens.class), context.getBeanProvider(RotatedSecrets.class));
    }

    private static void token(String refreshToken, String accessToken, String next) {
        ORG.stubFor(post(urlPathEqualTo("/services/oauth2/token")).withRequestBody(containing("refresh_token=" + refreshToken))
                .willReturn(aResponse().withStatus(200).withFixedDelay(300).withHeader("Content-Type", "application/json").withBody("""
                        {"access_token":"%s","refresh_token":"%s","instance_url":"%s","id":"https://login.salesforce.com/id/00DINITECH00001MAG/005INITECH0001IAQ",
                         "token_type":"Bearer","issued_at":"1764230400000","signature":"c2hhcmVk","scope":"api refresh_token"}
                        """.formatted(accessToken, next, ORG.baseUrl()))));
        ORG.stubFor(any(urlPathMatching("/services/oauth2/revoke.*")).willReturn(aResponse().withStatus(200)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder limits() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("Sforce-Limit-Info", "api-usage=3/15000")
                .withBody("{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":14997}}");
    }
}
