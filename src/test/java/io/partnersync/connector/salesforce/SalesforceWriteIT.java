package io.partnersync.connector.salesforce;

import io.partnersync.sync.IncrementalReads;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.properties;
import static io.partnersync.support.Records.salesforcePartner;
import static io.partnersync.support.SalesforceFake.json;
import static io.partnersync.support.SalesforceFake.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.OutboxRelay;
import io.partnersync.sync.IngestService;
import io.partnersync.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Partner deals written to a WireMock Salesforce through camel-salesforce, and read back. */
@IntegrationTest
@DisplayName("Salesforce writes")
class SalesforceWriteIT extends SalesforceTest {

    static final String UPSERT = "/services/data/v62.0/composite/sobjects/Opportunity/PartnerSync_Id__c";

    @Autowired IngestService ingest;
    @Autowired OutboxRelay relay;
    @Autowired IncrementalReads poller;
    @Autowired SalesforceLimits limits;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;
    @Autowired io.partnersync.ops.FailureReplay replay;

    @BeforeEach
    void freshOrg() {
        SALESFORCE.reset();
        limits.resume("vendor-sf");
        jdbc.update("delete from outbox");
        ingest.ingest("vendor-sf", EntityType.PARTNER,
                List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null);
    }

    @Test
    @DisplayName("one sObject Collections upsert per batch: the good records land, the bad one is kept with the field Salesforce named, and the echo of our write changes nothing")
    void collectionUpsertWithOneFailure() throws Exception {
        UUID first = partnerDeal("hs-w1", "Contoso firewall", "125000.5", true);
        UUID second = partnerDeal("hs-w2", "Fabrikam SD-WAN", "48000", true);
        UUID third = partnerDeal("hs-w3", "Northwind, no close date", "9000", false);
        SALESFORCE.server().stubFor(patch(urlPathEqualTo(UPSERT)).willReturn(json(200, List.of(
                Map.of("id", "006W1", "success", true, "errors", List.of(), "created", true),
                Map.of("id", "006W2", "success", true, "errors", List.of(), "created", false),
                Map.of("success", false, "errors", List.of(Map.of("statusCode", "REQUIRED_FIELD_MISSING",
                        "message", "Required fields are missing: [CloseDate]", "fields", List.of("CloseDate"))))))));

        int written = relay.relay("vendor-sf");

        assertThat(written).isEqualTo(2);
        var requests = SALESFORCE.server().findAll(patchRequestedFor(urlPathEqualTo(UPSERT)));
        assertThat(requests).as("one call for the batch").hasSize(1);
        JsonNode body = json.readTree(requests.get(0).getBodyAsString());
        assertThat(body.path("allOrNone").asBoolean(true)).isFalse();
        assertThat(body.path("records")).hasSize(3);
        JsonNode sent = body.path("records").path(0);
        assertThat(sent.path("attributes").path("type").asText()).isEqualTo("Opportunity");
        assertThat(sent.path("PartnerSync_Id__c").asText()).isEqualTo(first.toString());
        assertThat(sent.path("PartnerAccountId").asText()).as("the partner's Salesforce id").isEqualTo("001A");
        assertThat(sent.path("StageName").asText()).isEqualTo("Qualification");
        assertThat(sent.path("CloseDate").asText()).isEqualTo("2027-03-31");
        assertThat(sent.path("Amount").decimalValue()).isEqualByComparingTo("125000.5");
        assertThat(sent.has("Account.Name")).as("relationship fields are read-only").isFalse();

        assertThat(jdbc.queryForList("select external_id from external_ref where connector = 'vendor-sf' and entity_id in (?, ?) order by 1",
                String.class, first, second)).containsExactly("006W1", "006W2");
        assertThat(jdbc.queryForList("select entity_id from outbox where target_connector = 'vendor-sf' and status = 'PENDING'", UUID.class)).isEmpty();
        Map<String, Object> parked = jdbc.queryForMap("select status, last_error from outbox where entity_id = ?", third);
        assertThat(parked.get("status")).isEqualTo("PARKED");
        Map<String, Object> failure = jdbc.queryForMap(
                "select category, reason, direction from sync_failure where connector = 'vendor-sf' and external_id = ?", third.toString());
        assertThat(failure).containsEntry("category", "VALIDATION").containsEntry("direction", "OUTBOUND");
        assertThat((String) failure.get("reason")).contains("REQUIRED_FIELD_MISSING").contains("CloseDate");

        assertThat(relay.relay("vendor-sf")).as("nothing is due any more").isZero();
        assertThat(SALESFORCE.server().findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(1);

        // Once the cause is fixed on the Salesforce side, ops replay the failure: it is written again.
        long failureId = jdbc.queryForObject("select id from sync_failure where connector = 'vendor-sf' and external_id = ?", Long.class, third.toString());
        assertThat(replay.replay(failureId).outcome()).isEqualTo(io.partnersync.store.IngestResult.Outcome.QUEUED);
        SALESFORCE.server().stubFor(patch(urlPathEqualTo(UPSERT)).willReturn(json(200, List.of(
                Map.of("id", "006W3", "success", true, "errors", List.of(), "created", true)))));
        assertThat(relay.relay("vendor-sf")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select resolution from sync_failure where id = ?", String.class, failureId)).isEqualTo("written");

        Map<String, Object> echo = json.convertValue(sent, new TypeReference<LinkedHashMap<String, Object>>() { });
        echo.put("Id", "006W1");
        echo.put("IsDeleted", false);
        echo.put("SystemModstamp", "2026-11-27T10:00:00.000+0000");
        echo.put("Account", null);
        SALESFORCE.server().stubFor(get(urlPathEqualTo("/services/data/v62.0/queryAll/"))
                .willReturn(json(200, page(List.of(echo), null, 1))));
        poller.read("vendor-sf", EntityType.DEAL);

        assertThat(jdbc.queryForObject("select version from deal where id = ?", Long.class, first)).as("the echo changed nothing").isEqualTo(1L);
        assertThat(jdbc.queryForObject("select customer_name from deal where id = ?", String.class, first)).isEqualTo("Contoso Ltd");
        assertThat(jdbc.queryForObject("select count(*) from outbox where entity_id = ?", Integer.class, first))
                .as("and sent nothing back to the partner").isZero();
    }

    @Test
    @DisplayName("UNABLE_TO_LOCK_ROW is retried later, not parked")
    void lockedRowRetried() {
        UUID deal = partnerDeal("hs-lock", "Locked deal", "100", true);
        SALESFORCE.server().stubFor(patch(urlPathEqualTo(UPSERT)).willReturn(json(200, List.of(
                Map.of("success", false, "errors", List.of(Map.of("statusCode", "UNABLE_TO_LOCK_ROW",
                        "message", "unable to obtain exclusive access to this record", "fields", List.of())))))));

        relay.relay("vendor-sf");

        Map<String, Object> entry = jdbc.queryForMap("select status, attempts, next_attempt_at > now() as later from outbox where entity_id = ?", deal);
        assertThat(entry).containsEntry("status", "PENDING").containsEntry("attempts", 1).containsEntry("later", true);
        assertThat(jdbc.queryForObject("select category from sync_failure where external_id = ? and resolved_at is null", String.class, deal.toString()))
                .isEqualTo("CONFLICT");
    }

    @Test
    @DisplayName("several Salesforce records matching one external id is a duplicate failure, parked for a person to resolve")
    void duplicateExternalId() {
        UUID deal = partnerDeal("hs-dup", "Duplicated deal", "100", true);
        SALESFORCE.server().stubFor(patch(urlPathEqualTo(UPSERT)).willReturn(json(200, List.of(
                Map.of("success", false, "errors", List.of(Map.of("statusCode", "DUPLICATE_EXTERNAL_ID",
                        "message", "PartnerSync_Id__c: more than one record found for external id field: [006A1, 006A2]",
                        "fields", List.of("PartnerSync_Id__c"))))))));

        relay.relay("vendor-sf");

        assertThat(jdbc.queryForObject("select status from outbox where entity_id = ?", String.class, deal)).isEqualTo("PARKED");
        assertThat(jdbc.queryForMap("select category, reason from sync_failure where external_id = ? and resolved_at is null", deal.toString()))
                .containsEntry("category", "DUPLICATE")
                .extractingByKey("reason").asString().contains("more than one record").contains("PartnerSync_Id__c");
    }

    @Test
    @DisplayName("more records than the bulk threshold go through one Bulk API 2.0 job; its failed results become failures naming the field")
    void bulkJob() throws Exception {
        List<Map<String, Object>> deals = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            deals.add(hubspotDeal("hs-bulk-" + i, "Bulk deal " + i, String.valueOf(100 + i), "2026-11-26T08:00:00Z"));
        }
        ingest.ingest("acme-hubspot", EntityType.DEAL, deals, null);
        List<UUID> ids = jdbc.queryForList("select entity_id from outbox where target_connector = 'vendor-sf' order by entity_id", UUID.class);
        assertThat(ids).hasSize(2_500);
        String jobs = "/services/data/v62.0/jobs/ingest/";
        String job = jobs + "7505f00000EXAMPLEAAQ/";
        SALESFORCE.server().stubFor(post(urlPathEqualTo(jobs)).willReturn(json(200, Map.of("id", "7505f00000EXAMPLEAAQ",
                "operation", "upsert", "object", "Opportunity", "state", "Open", "externalIdFieldName", "PartnerSync_Id__c",
                "contentType", "CSV", "apiVersion", 62.0, "lineEnding", "LF"))));
        SALESFORCE.server().stubFor(put(urlPathEqualTo(job + "batches/")).willReturn(aResponse().withStatus(201)));
        SALESFORCE.server().stubFor(patch(urlPathEqualTo(job)).willReturn(json(200, Map.of("id", "7505f00000EXAMPLEAAQ", "state", "UploadComplete"))));
        SALESFORCE.server().stubFor(get(urlPathEqualTo(job)).willReturn(json(200, Map.of("id", "7505f00000EXAMPLEAAQ", "state", "JobComplete",
                "numberRecordsProcessed", 2500, "numberRecordsFailed", 1))));
        StringBuilder ok = new StringBuilder("\"sf__Id\",\"sf__Created\",\"PartnerSync_Id__c\",\"Name\"\n");
        for (int i = 1; i < ids.size(); i++) {
            ok.append(String.format("\"006%012d\",\"true\",\"%s\",\"Bulk deal\"%n", i, ids.get(i)));
        }
        SALESFORCE.server().stubFor(get(urlPathEqualTo(job + "successfulResults/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/csv").withBody(ok.toString())));
        SALESFORCE.server().stubFor(get(urlPathEqualTo(job + "failedResults/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/csv").withBody("\"sf__Id\",\"sf__Error\",\"PartnerSync_Id__c\",\"Name\"\n"
                        + "\"\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [CloseDate]:CloseDate --\",\"" + ids.get(0) + "\",\"Bulk deal\"\n")));

        int written = relay.relay("vendor-sf");

        assertThat(written).isEqualTo(2_499);
        assertThat(SALESFORCE.server().findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).as("no collection calls").isEmpty();
        var upload = SALESFORCE.server().findAll(putRequestedFor(urlPathEqualTo(job + "batches/")));
        assertThat(upload).hasSize(1);
        assertThat(upload.get(0).getHeader("Content-Type")).startsWith("text/csv");
        String[] lines = upload.get(0).getBodyAsString().split("\n");
        assertThat(lines).hasSize(2_501);
        assertThat(lines[0]).startsWith("PartnerSync_Id__c,Name,");
        assertThat(SALESFORCE.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathMatching("/services/data/.*"))))
                .as("create, upload, close, status, successful and failed results").hasSize(6);
        assertThat(jdbc.queryForObject("select count(*) from external_ref where connector = 'vendor-sf' and entity_type = 'DEAL' and external_id like '006000%'",
                Integer.class)).isEqualTo(2_499);
        assertThat(jdbc.queryForObject("select reason from sync_failure where connector = 'vendor-sf' and external_id = ?", String.class, ids.get(0).toString()))
                .contains("REQUIRED_FIELD_MISSING").contains("CloseDate");
    }

    private UUID partnerDeal(String id, String name, String amount, boolean withCloseDate) {
        var deal = hubspotDeal(id, name, amount, "2026-11-25T08:00:00Z");
        if (!withCloseDate) {
            properties(deal).remove("closedate");
        }
        return ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(deal), null).outcomes().get(0).entityId();
    }
}
