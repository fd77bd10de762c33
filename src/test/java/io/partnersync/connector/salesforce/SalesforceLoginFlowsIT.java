package io.partnersync.connector.salesforce;

import io.partnersync.sync.IncrementalReads;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.salesforcePartner;
import static io.partnersync.support.SalesforceFake.json;
import static io.partnersync.support.SalesforceFake.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.StoreTest;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The OAuth 2.0 flows other than client credentials (which the other Salesforce tests use), chosen by configuration. */
@DisplayName("Salesforce login flows")
class SalesforceLoginFlowsIT {

    static void vendor(DynamicPropertyRegistry registry, SalesforceFake fake, String auth) {
        registry.add("partnersync.connectors[0].name", () -> "vendor-sf");
        registry.add("partnersync.connectors[0].type", () -> "salesforce");
        registry.add("partnersync.connectors[0].role", () -> "vendor");
        registry.add("partnersync.connectors[0].base-url", fake::url);
        registry.add("partnersync.connectors[0].local-sandbox", () -> "true");
        registry.add("partnersync.connectors[0].entities", () -> "partner");
        registry.add("partnersync.connectors[0].salesforce.auth", () -> auth);
        registry.add("partnersync.connectors[0].secret-env.client-id", () -> "LOGIN_SF_CLIENT_ID");
        registry.add("partnersync.connectors[0].secret-env.client-secret", () -> "LOGIN_SF_CLIENT_SECRET");
        registry.add("partnersync.connectors[0].secret-env.username", () -> "LOGIN_SF_USERNAME");
        registry.add("partnersync.connectors[0].secret-env.password", () -> "LOGIN_SF_PASSWORD");
        registry.add("partnersync.connectors[0].secret-env.keystore-password", () -> "LOGIN_SF_KEYSTORE_PASSWORD");
        registry.add("partnersync.connectors[0].salesforce.keystore", () -> "src/test/resources/salesforce/jwt-test-only.p12");
        registry.add("LOGIN_SF_CLIENT_ID", () -> "3MVG9-login-test");
        registry.add("LOGIN_SF_CLIENT_SECRET", () -> "login-test-secret");
        registry.add("LOGIN_SF_USERNAME", () -> "integration@vendor.example");
        registry.add("LOGIN_SF_PASSWORD", () -> "login-test-password");
        registry.add("LOGIN_SF_KEYSTORE_PASSWORD", () -> "test-only-password");
        fake.server().stubFor(get(urlPathEqualTo("/services/data/v62.0/queryAll/")).willReturn(json(200, page(List.of(
                salesforcePartner("001LOGIN", "login-" + auth, "Login " + auth, "Gold", "2026-11-20T08:00:00.000+0000")), null, 1))));
    }

    static String tokenRequest(SalesforceFake fake) {
        return fake.server().findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))).get(0).getBodyAsString();
    }

    @Nested
    @IntegrationTest
    @DisplayName("username-password")
    class UsernamePassword extends StoreTest {
        static final SalesforceFake FAKE = new SalesforceFake().start();

        @Autowired IncrementalReads poller;
        @Autowired JdbcTemplate jdbc;

        @DynamicPropertySource
        static void config(DynamicPropertyRegistry registry) {
            vendor(registry, FAKE, "username-password");
        }

        @Test
        @DisplayName("logs in with the password grant from the environment's secrets and reads")
        void passwordGrant() {
            poller.read("vendor-sf", EntityType.PARTNER);

            assertThat(tokenRequest(FAKE)).contains("grant_type=password").contains("username=integration%40vendor.example")
                    .contains("client_id=3MVG9-login-test");
            assertThat(jdbc.queryForObject("select name from partner where key = 'login-username-password'", String.class))
                    .isEqualTo("Login username-password");
        }
    }

    @Nested
    @IntegrationTest
    @DisplayName("JWT bearer")
    class JwtBearer extends StoreTest {
        static final SalesforceFake FAKE = new SalesforceFake().start();

        @Autowired IncrementalReads poller;
        @Autowired JdbcTemplate jdbc;

        @DynamicPropertySource
        static void config(DynamicPropertyRegistry registry) {
            vendor(registry, FAKE, "jwt");
        }

        @Test
        @DisplayName("logs in with a JWT signed by the keystore's key and reads")
        void jwtGrant() {
            poller.read("vendor-sf", EntityType.PARTNER);

            String token = tokenRequest(FAKE);
            assertThat(token).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer").contains("assertion=");
            assertThat(token).doesNotContain("login-test-secret").doesNotContain("test-only-password");
            assertThat(jdbc.queryForObject("select name from partner where key = 'login-jwt'", String.class)).isEqualTo("Login jwt");
        }
    }

    @Nested
    @IntegrationTest
    @DisplayName("login answered with a redirect")
    class RedirectedLogin extends StoreTest {
        static final SalesforceFake FAKE = new SalesforceFake().start();
        static final com.github.tomakehurst.wiremock.WireMockServer ELSEWHERE = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());

        static {
            ELSEWHERE.start();
        }

        @Autowired IncrementalReads poller;

        @DynamicPropertySource
        static void config(DynamicPropertyRegistry registry) {
            vendor(registry, FAKE, "client-credentials");
            FAKE.server().stubFor(post(urlPathEqualTo("/services/oauth2/token")).atPriority(1).willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(307)
                            .withHeader("Location", ELSEWHERE.baseUrl() + "/services/oauth2/token")));
        }

        @org.junit.jupiter.api.AfterAll
        static void stop() {
            ELSEWHERE.stop();
        }

        @Test
        @DisplayName("a 307 from the login URL is not followed: the client secret never reaches the other host, and the login fails")
        void redirectNotFollowed() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> poller.read("vendor-sf", EntityType.PARTNER))
                    .hasMessageContaining("login of connector vendor-sf failed");

            assertThat(ELSEWHERE.getAllServeEvents()).isEmpty();
            assertThat(tokenRequest(FAKE)).contains("client_secret=login-test-secret");
        }
    }
}
