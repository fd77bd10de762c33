package io.partnersync.connector.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static io.partnersync.support.SalesforceFake.json;
import static io.partnersync.support.SalesforceFake.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IngestService;
import io.partnersync.support.IntegrationTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Change Data Capture events, in the shape the Streaming API delivers them, handled against a
 * WireMock org (camel-salesforce reads the changed records back).
 */
@IntegrationTest
@DisplayName("Salesforce Change Data Capture")
class SalesforceChangeEventsIT extends SalesforceTest {

    static final String QUERY_ALL = "/services/data/v62.0/queryAll/";

    @Autowired SalesforceChangeEvents events;
    @Autowired SalesforceLimits limits;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @BeforeEach
    void freshOrg() {
        SALESFORCE.reset();
        limits.resume("vendor-sf");
        jdbc.update("delete from sync_checkpoint");
        ingest.ingest("vendor-sf", EntityType.PARTNER,
                List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null);
    }

    @Test
    @DisplayName("create, update with changed fields, and delete events land in the store, and the replay id follows each commit")
    void createUpdateDelete() throws Exception {
        var created = salesforceOpportunity("006CDC1", "001A", "CDC deal", 1000, "2026-11-27T09:00:00.000+0000");
        stubRead("006CDC1", created);
        events.handle("vendor-sf", EntityType.DEAL, event("CREATE", "006CDC1", List.of(), 101));
        assertThat(amount("006CDC1")).isEqualByComparingTo("1000");
        assertThat(replayId()).isEqualTo("101");

        var updated = salesforceOpportunity("006CDC1", "001A", "CDC deal", 2500, "2026-11-27T09:05:00.000+0000");
        stubRead("006CDC1", updated);
        events.handle("vendor-sf", EntityType.DEAL, event("UPDATE", "006CDC1", List.of("Amount", "LastModifiedDate"), 102));
        assertThat(amount("006CDC1")).isEqualByComparingTo("2500");
        assertThat(replayId()).isEqualTo("102");
        String read = SALESFORCE.server().findAll(getRequestedFor(urlPathEqualTo(QUERY_ALL))).get(0).queryParameter("q").firstValue();
        assertThat(read).contains("FROM Opportunity WHERE Id IN ('006CDC1')");

        events.handle("vendor-sf", EntityType.DEAL, event("DELETE", "006CDC1", List.of(), 103));
        assertThat(jdbc.queryForObject("select d.archived_at is not null from deal d join external_ref r on r.entity_id = d.id where r.external_id = '006CDC1'",
                Boolean.class)).isTrue();
        assertThat(replayId()).isEqualTo("103");
    }

    @Test
    @DisplayName("a gap event catches up from the polling checkpoint")
    void gapCatchesUp() throws Exception {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).withQueryParam("q", containing("ORDER BY SystemModstamp, Id"))
                .willReturn(json(200, page(List.of(salesforceOpportunity("006GAP", "001A", "Missed during the gap", 77,
                        "2026-11-27T10:00:00.000+0000")), null, 1))));

        events.handle("vendor-sf", EntityType.DEAL, event("GAP_OVERFLOW", null, List.of(), 200));

        assertThat(amount("006GAP")).isEqualByComparingTo("77");
        assertThat(jdbc.queryForObject("select cursor_id from sync_checkpoint where connector = 'vendor-sf' and entity_type = 'DEAL'", String.class))
                .isEqualTo("006GAP");
        assertThat(replayId()).isEqualTo("200");
    }

    @Test
    @DisplayName("when the change cannot be committed, the replay id stays where it was, so the event is delivered again")
    void replayIdOnlyAfterCommit() throws Exception {
        stubRead("006OK", salesforceOpportunity("006OK", "001A", "Fine", 10, "2026-11-27T11:00:00.000+0000"));
        events.handle("vendor-sf", EntityType.DEAL, event("CREATE", "006OK", List.of(), 300));
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).withQueryParam("q", containing("'006FAIL'")).atPriority(1)
                .willReturn(json(503, List.of(Map.of("message", "Service unavailable", "errorCode", "SERVER_UNAVAILABLE")))));

        assertThatThrownBy(() -> events.handle("vendor-sf", EntityType.DEAL, event("UPDATE", "006FAIL", List.of("Amount"), 301)))
                .isInstanceOf(SalesforceApiException.class);

        assertThat(replayId()).isEqualTo("300");
    }

    private void stubRead(String id, Map<String, Object> record) {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).withQueryParam("q", containing("IN ('" + id + "')"))
                .willReturn(json(200, page(List.of(record), null, 1))));
    }

    /** A CDC event as the Streaming API delivers it (https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_message_structure.htm). */
    private String event(String changeType, String recordId, List<String> changedFields, long replayId) throws Exception {
        Map<String, Object> header = new java.util.LinkedHashMap<>();
        header.put("entityName", "Opportunity");
        header.put("recordIds", recordId == null ? List.of() : List.of(recordId));
        header.put("changeType", changeType);
        header.put("changeOrigin", "com/salesforce/api/soap/62.0;client=SfdcInternalAPI/");
        header.put("transactionKey", "0002343d-9d90-e395-ed20-cf416ba652ad");
        header.put("sequenceNumber", 1);
        header.put("commitTimestamp", java.time.Instant.parse("2026-11-27T09:10:00Z").toEpochMilli());
        header.put("commitNumber", 10960152108L);
        header.put("commitUser", "005B0000005lewTIAQ");
        header.put("changedFields", changedFields);
        return json.writeValueAsString(Map.of(
                "schema", "IeRuaY6cbI_HsV8Rv1Mc5g",
                "payload", Map.of("ChangeEventHeader", header, "LastModifiedDate", "2026-11-27T09:05:00.000Z"),
                "event", Map.of("replayId", replayId)));
    }

    private BigDecimal amount(String opportunityId) {
        return jdbc.queryForObject("select d.amount from deal d join external_ref r on r.entity_id = d.id where r.connector = 'vendor-sf' and r.external_id = ?",
                BigDecimal.class, opportunityId);
    }

    private String replayId() {
        return jdbc.queryForObject("select replay_id from sync_checkpoint where connector = 'vendor-sf' and entity_type = 'DEAL'", String.class);
    }
}
