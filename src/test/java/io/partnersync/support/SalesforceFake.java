package io.partnersync.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.Map;

/**
 * A Salesforce org played by WireMock, answering in the shapes of Salesforce's REST API (as in
 * responses recorded from a real org: totalSize/done/nextRecordsUrl pages of records with
 * attributes, Sforce-Limit-Info on every answer): the OAuth token endpoint (with the identity URL
 * camel-salesforce parses), token revocation, and query pages. Tests stub the rest.
 */
public final class SalesforceFake {

    public static final String ACCESS_TOKEN = "00DB0000000UIn2!AQMAQKXBvR03lDdfMiD6Pdpo.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    public SalesforceFake() {
        this(new com.github.tomakehurst.wiremock.extension.Extension[0]);
    }

    /** @param extensions WireMock extensions the org's stubs may use, such as a {@link SalesforceOrg} */
    public SalesforceFake(com.github.tomakehurst.wiremock.extension.Extension... extensions) {
        server = new WireMockServer(options().dynamicPort().extensions(extensions));
    }

    public SalesforceFake start() {
        server.start();
        stubLogin();
        return this;
    }

    public WireMockServer server() {
        return server;
    }

    public String url() {
        return server.baseUrl();
    }

    public void reset() {
        server.resetAll();
        stubLogin();
    }

    public void stubLogin() {
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(json(200, Map.of(
                "access_token", ACCESS_TOKEN,
                "instance_url", url(),
                "id", "https://login.salesforce.com/id/00DB0000000UIn2MAG/005B0000005lewTIAQ",
                "token_type", "Bearer",
                "issued_at", "1764230400000",
                "signature", "k1eaN0Wn8vNp0yFQXq8b7bG0m4nJmZl3sGmXQ2nGxH8="))));
        server.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));
    }

    /** A query result page as Salesforce returns it. */
    public static Map<String, Object> page(List<Map<String, Object>> records, String nextRecordsUrl, int totalSize) {
        return nextRecordsUrl == null
                ? Map.of("totalSize", totalSize, "done", true, "records", records)
                : Map.of("totalSize", totalSize, "done", false, "nextRecordsUrl", nextRecordsUrl, "records", records);
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, Object body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                    .withHeader("Sforce-Limit-Info", "api-usage=18/15000")
                    .withBody(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
