package io.partnersync.connector.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sandbox.simulator.DataverseSimulator;
import io.partnersync.sandbox.simulator.Faults;
import io.partnersync.sync.spi.FailureCategory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Dataverse client and its Entra ID tokens (msal4j over our HTTP client) against the stateful
 * simulated environment: what the environment holds and answers, as a sync would see it.
 */
@DisplayName("The Dataverse Web API client")
class DataverseClientTest {

    static final List<String> LEAD_COLUMNS = List.of("firstname", "lastname", "emailaddress1", "telephone1", "partnersync_id", "modifiedon");

    DataverseSimulator environment;
    DataverseClient client;

    @BeforeEach
    void start() {
        environment = new DataverseSimulator(0, Duration.ZERO, Duration.ofSeconds(31));
        URI url = URI.create(environment.url());
        HttpClient http = HttpClient.newHttpClient();
        // a real https authority, as msal4j requires; local-sandbox sends its requests to the simulator
        EntraTokens tokens = new EntraTokens("https://login.microsoftonline.com/tenant-1/", "app-id", "app-secret", environment.url(), url, http);
        client = new DataverseClient(url, "9.2", tokens, http, new ObjectMapper());
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    @Test
    @DisplayName("a change-tracked read pages through the table, then its delta link returns only what changed since, deletions included")
    void changeTracking() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(environment.create("leads", lead("Lead " + i)));
        }

        List<Map<String, Object>> read = new ArrayList<>();
        DataverseClient.Page page = client.track("leads", LEAD_COLUMNS, 2);
        int pages = 1;
        read.addAll(page.rows());
        while (page.nextLink() != null) {
            page = client.follow(page.nextLink(), 2);
            read.addAll(page.rows());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(read).extracting(r -> r.get("lastname")).containsExactly("Lead 1", "Lead 2", "Lead 3", "Lead 4", "Lead 5");
        assertThat(read.get(0)).containsKey("leadid").containsKey("modifiedon").doesNotContainKey("createdon");
        String delta = page.deltaLink();
        assertThat(delta).contains("$deltatoken=");

        environment.edit("leads", ids.get(1), Map.of("telephone1", "+31 20 555 0101"));
        environment.userDeletes("leads", ids.get(3));
        environment.create("leads", lead("Lead 6"));
        DataverseClient.Page changes = client.follow(delta, 100);

        assertThat(changes.rows()).extracting(r -> r.get("lastname")).containsExactly("Lead 2", "Lead 6");
        assertThat(changes.rows().get(0)).containsEntry("telephone1", "+31 20 555 0101");
        assertThat(changes.deleted()).containsExactly(ids.get(3));
        assertThat(changes.nextLink()).isNull();
        DataverseClient.Page quiet = client.follow(changes.deltaLink(), 100);
        assertThat(quiet.rows()).isEmpty();
        assertThat(quiet.deleted()).isEmpty();
        assertThat(environment.calls()).containsEntry("token", 1L); // msal4j's cache: one token for every call
    }

    @Test
    @DisplayName("upsert by the alternate key creates once and updates after; UpsertMultiple writes all rows or, with a key twice, none")
    void upserts() {
        client.upsert("leads", "partnersync_id", new DataverseClient.Target("P-1", null, Map.of("lastname", "O'Brien", "telephone1", "1")));
        client.upsert("leads", "partnersync_id", new DataverseClient.Target("P-1", null, Map.of("lastname", "O'Brien", "telephone1", "2")));
        assertThat(environment.all("leads")).singleElement().satisfies(row -> assertThat(row).containsEntry("partnersync_id", "P-1")
                .containsEntry("telephone1", "2").containsEntry("lastname", "O'Brien"));

        String repsOwn = environment.create("leads", Map.of("lastname", "Bakker"));
        client.upsertMultiple("leads", "lead", "partnersync_id", List.of(new DataverseClient.Target("P-1", null, Map.of("lastname", "O'Brien", "telephone1", "3")),
                new DataverseClient.Target("P-2", null, Map.of("lastname", "Jansen")), new DataverseClient.Target("it's P-3", null, Map.of("lastname", "de Vries")),
                new DataverseClient.Target("P-4", repsOwn, Map.of("lastname", "Bakker", "telephone1", "4"))));
        assertThat(environment.all("leads")).as("the rep's own row took PartnerSync's key; no row twice").hasSize(4)
                .extracting(r -> r.get("partnersync_id")).containsExactlyInAnyOrder("P-1", "P-2", "it's P-3", "P-4");
        assertThat(environment.all("leads")).filteredOn(r -> "P-1".equals(r.get("partnersync_id"))).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("telephone1", "3"));

        assertThat(client.byKeys("leads", "partnersync_id", LEAD_COLUMNS, List.of("P-2", "it's P-3")))
                .extracting(r -> r.get("lastname")).containsExactlyInAnyOrder("Jansen", "de Vries");
        assertThat(environment.recordWrites()).containsEntry("leads", 6L);
    }

    @Test
    @DisplayName("the service protection limit answers 429 with Retry-After: a RATE_LIMIT failure that says how long to wait, and no request until then")
    void serviceProtection() {
        environment.requestLimit(2);
        client.track("leads", LEAD_COLUMNS, 10);
        assertThat(client.requestsUsed()).as("as the environment's header said").isEqualTo(DataverseClient.REQUESTS_PER_WINDOW - 1);
        client.track("leads", LEAD_COLUMNS, 10);

        assertThatThrownBy(() -> client.track("leads", LEAD_COLUMNS, 10)).isInstanceOfSatisfying(DataverseException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.RATE_LIMIT);
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("0x80072322");
            assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(290), Duration.ofSeconds(300));
            assertThat(e.getMessage()).contains("Number of requests exceeded the limit of 2 over time window of 300 seconds");
        });
        assertThat(environment.limited()).isEqualTo(1);
        assertThat(client.pauseReason()).matches("paused for (29\\d|300) s by the service protection limits: .*");

        long calls = environment.totalCalls();
        assertThatThrownBy(() -> client.byKeys("leads", "partnersync_id", LEAD_COLUMNS, List.of("P-1")))
                .isInstanceOfSatisfying(DataverseException.class, e -> assertThat(e.getMessage()).contains("not sent: paused for"));
        assertThat(environment.totalCalls()).as("no request while Dataverse asked to wait").isEqualTo(calls);

        client.resume();
        assertThatThrownBy(() -> client.track("leads", LEAD_COLUMNS, 10)).isInstanceOf(DataverseException.class);
        assertThat(environment.limited()).as("an operator's resume sends again").isEqualTo(2);
    }

    @Test
    @DisplayName("a burst 429 with a short Retry-After is waited out and the call sent again: it succeeds")
    void shortWaitRetried() {
        environment.create("leads", lead("Jansen"));
        client.track("leads", LEAD_COLUMNS, 10); // signed in: the fault hits the read, not the token
        environment.faults().once(Faults.Fault.RATE_LIMITED);

        assertThat(client.track("leads", LEAD_COLUMNS, 10).rows()).hasSize(1);

        assertThat(environment.faults().counts()).containsEntry(Faults.Fault.RATE_LIMITED, 1L);
        assertThat(client.pauseReason()).isNull();
    }

    @Test
    @DisplayName("what Dataverse refuses is a failure naming the call and Dataverse's reason; a filter with change tracking is refused as Dataverse does")
    void refusals() {
        List<DataverseClient.Target> bad = List.of(new DataverseClient.Target("P-9", null, Map.of("lastname", "Smit")));
        assertThatThrownBy(() -> client.upsertMultiple("leads", "contact", "partnersync_id", bad)).isInstanceOfSatisfying(DataverseException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.VALIDATION);
            assertThat(e.getMessage()).contains("UpsertMultiple").contains("Microsoft.Dynamics.CRM.lead");
        });
        assertThat(environment.all("leads")).as("all or nothing").isEmpty();
        assertThatThrownBy(() -> client.follow(environment.url() + "/api/data/v9.2/leads?$filter=lastname%20eq%20'x'", 10))
                .isInstanceOfSatisfying(DataverseException.class, e -> assertThat(e.getMessage()).contains("isn't supported when Change Tracking is enabled"));
    }

    private static Map<String, Object> lead(String lastName) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("firstname", "Sanne");
        lead.put("lastname", lastName);
        lead.put("emailaddress1", lastName.toLowerCase().replace(" ", ".") + "@wingtip.example");
        return lead;
    }
}
