package io.partnersync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.support.Callers;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every endpoint answers an error in one shape: RFC 9457 problem details, with a detail that says what was wrong. */
@IntegrationTest
@DisplayName("Errors as problem details")
class ProblemDetailsIT extends StoreTest {

    @LocalServerPort int port;
    @Autowired ObjectMapper json;

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("GET", "/api/connectors/nope", Callers.VIEWER, 404, "no connector named 'nope' is configured"),
                Arguments.of("POST", "/api/connectors/nope/pause", Callers.OPS, 404, "no connector named 'nope' is configured"),
                Arguments.of("GET", "/api/failures/999999", Callers.VIEWER, 404, "no sync failure with id 999999"),
                Arguments.of("POST", "/api/failures/999999/replay", Callers.OPS, 404, "no sync failure with id 999999"),
                Arguments.of("POST", "/api/failures/999999/resolve", Callers.OPS, 409, "no open sync failure with id 999999"),
                Arguments.of("POST", "/api/failures/replay?connector=vendor-sf&category=NOPE", Callers.OPS, 400, "category"),
                Arguments.of("GET", "/api/failures/not-a-number", Callers.VIEWER, 400, "id"),
                Arguments.of("GET", "/api/registrations/00000000-0000-0000-0000-000000000000", Callers.VIEWER, 404, "no deal registration"),
                Arguments.of("GET", "/api/leads/00000000-0000-0000-0000-000000000000", Callers.VIEWER, 404, "no lead with id"),
                Arguments.of("GET", "/api/nothing-here", Callers.VIEWER, 404, "No static resource"),
                Arguments.of("DELETE", "/api/connectors", Callers.ADMIN, 405, "DELETE"),
                Arguments.of("GET", "/api/connectors", null, 401, "sign in"),
                Arguments.of("POST", "/api/connectors/vendor-sf/pause", Callers.VIEWER, 403, "your role may not POST"),
                Arguments.of("POST", "/webhooks/hubspot/nope", null, 401, "could not be verified"),
                Arguments.of("POST", "/webhooks/hubspot/acme-hubspot", null, 401, "could not be verified"),
                Arguments.of("GET", "/api/connectors/%00", Callers.VIEWER, 400, ""),
                Arguments.of("GET", "/api/connectors/a%2Fb", Callers.VIEWER, 400, ""));
    }

    @ParameterizedTest(name = "{0} {1} → {3}")
    @MethodSource("errors")
    void problem(String method, String path, String authorization, int status, String detail) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString("[]")).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        // RFC 9457: an absent type means about:blank (Spring 7 leaves the default out)
        assertThat(problem.has("type") ? problem.get("type").asText() : "about:blank").isEqualTo("about:blank");
        assertThat(problem.path("detail").asText()).contains(detail);
    }
}
