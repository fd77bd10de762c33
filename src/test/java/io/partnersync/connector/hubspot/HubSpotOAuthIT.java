package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** OAuth 2.0 with a refresh token, our client against a WireMock portal and token endpoint. */
@DisplayName("HubSpot OAuth")
class HubSpotOAuthIT {

    static final WireMockServer PORTAL = new WireMockServer(options().dynamicPort());
    static final String TOKEN = "/oauth/v1/token";
    static final String SEARCH = "/crm/v3/objects/deals/search";

    final ObjectMapper json = new ObjectMapper();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    HubSpotClient client;

    @BeforeAll
    static void start() {
        PORTAL.start();
    }

    @AfterAll
    static void stop() {
        PORTAL.stop();
    }

    @BeforeEach
    void portal() {
        PORTAL.resetAll();
        HttpClient http = HttpClient.newHttpClient();
        HubSpotTokens tokens = HubSpotTokens.oauth("acme-hubspot", URI.create(PORTAL.baseUrl()), "app-client-id", "app-client-secret",
                "refresh-1", http, json, clock);
        client = new HubSpotClient("acme-hubspot", URI.create(PORTAL.baseUrl()), tokens, http, 100, 0.9, 4, json);
        tokenAnswers("refresh-1", "access-1", "refresh-2");
        tokenAnswers("refresh-2", "access-2", "refresh-3");
        PORTAL.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(okJson("{\"total\":0,\"results\":[]}")));
    }

    @Test
    @DisplayName("the first call gets an access token with the refresh token, and later calls reuse it while it lives")
    void tokenFromRefreshToken() throws Exception {
        client.search("deals", json.createObjectNode());
        clock.advance(Duration.ofMinutes(20));
        client.search("deals", json.createObjectNode());

        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(1);
        var refresh = PORTAL.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).get(0);
        assertThat(refresh.getBodyAsString()).contains("grant_type=refresh_token", "client_id=app-client-id", "refresh_token=refresh-1");
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo(SEARCH))))
                .allSatisfy(call -> assertThat(call.getHeader("Authorization")).isEqualTo("Bearer access-1"));
    }

    @Test
    @DisplayName("a token with less than five minutes left is refreshed before the call, with the rotated refresh token")
    void refreshedBeforeExpiry() {
        client.search("deals", json.createObjectNode());
        clock.advance(Duration.ofMinutes(26));
        client.search("deals", json.createObjectNode());

        var refreshes = PORTAL.findAll(postRequestedFor(urlPathEqualTo(TOKEN)));
        assertThat(refreshes).hasSize(2);
        assertThat(refreshes.get(1).getBodyAsString()).contains("refresh_token=refresh-2");
        var searches = PORTAL.findAll(postRequestedFor(urlPathEqualTo(SEARCH)));
        assertThat(searches.get(1).getHeader("Authorization")).isEqualTo("Bearer access-2");
    }

    @Test
    @DisplayName("a 401 refreshes the token once and the call is made again with the new one")
    void refreshOnceOn401() {
        PORTAL.stubFor(post(urlPathEqualTo(SEARCH)).withHeader("Authorization", equalTo("Bearer access-1"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Authentication credentials not found.\",\"category\":\"INVALID_AUTHENTICATION\"}")));

        assertThat(client.search("deals", json.createObjectNode()).path("total").asInt()).isZero();

        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(2);
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo(SEARCH)))).extracting(call -> call.getHeader("Authorization"))
                .containsExactly("Bearer access-1", "Bearer access-2");
    }

    @Test
    @DisplayName("a second 401 is an authentication failure: no loop, and no secret in the message")
    void secondUnauthorizedFails() {
        PORTAL.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"The access token is not valid\",\"category\":\"INVALID_AUTHENTICATION\"}")));

        assertThatThrownBy(() -> client.search("deals", json.createObjectNode()))
                .isInstanceOfSatisfying(CategorizedException.class, e -> assertThat(e.category()).isEqualTo(FailureCategory.AUTH))
                .hasMessageContaining("acme-hubspot").hasMessageContaining("401")
                .hasMessageNotContaining("access-").hasMessageNotContaining("refresh-").hasMessageNotContaining("app-client-secret");
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo(SEARCH)))).hasSize(2);
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(2);
    }

    @Test
    @DisplayName("a refused refresh token is an authentication failure that says what HubSpot said, never the token")
    void badRefreshToken() {
        PORTAL.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"missing or unknown refresh token\"}")));

        assertThatThrownBy(() -> client.search("deals", json.createObjectNode()))
                .isInstanceOfSatisfying(CategorizedException.class, e -> assertThat(e.category()).isEqualTo(FailureCategory.AUTH))
                .hasMessageContaining("BAD_REFRESH_TOKEN").hasMessageNotContaining("refresh-1").hasMessageNotContaining("app-client-secret");
        assertThat(PORTAL.findAll(postRequestedFor(urlPathEqualTo(SEARCH)))).isEmpty();
    }

    private void tokenAnswers(String refreshToken, String accessToken, String nextRefreshToken) {
        PORTAL.stubFor(post(urlPathEqualTo(TOKEN)).withRequestBody(containing("refresh_token=" + refreshToken))
                .willReturn(okJson("{\"token_type\":\"bearer\",\"refresh_token\":\"" + nextRefreshToken + "\",\"access_token\":\"" + accessToken
                        + "\",\"expires_in\":1800}")));
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
