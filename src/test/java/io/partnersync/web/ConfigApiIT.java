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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The validate command through the API: admins only, the configuration as it is on disk. */
@IntegrationTest
@DisplayName("Validate through the API")
class ConfigApiIT extends StoreTest {

    @LocalServerPort int port;
    @Autowired ObjectMapper json;

    @Test
    @DisplayName("an admin gets the check of the running configuration (valid); ops and viewers are refused")
    void validate() throws Exception {
        HttpResponse<String> admin = post(Callers.ADMIN);

        assertThat(admin.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(admin.body());
        assertThat(answer.path("problems")).as(admin.body()).isEmpty();
        assertThat(answer.path("valid").asBoolean()).isTrue();
        assertThat(post(Callers.OPS).statusCode()).isEqualTo(403);
        assertThat(post(Callers.VIEWER).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> post(String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/config/validate"))
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
