package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.sync.spi.ConnectorWriter.Failed;
import io.partnersync.sync.spi.ConnectorWriter.OutboundRecord;
import io.partnersync.sync.spi.ConnectorWriter.WriteResult;
import io.partnersync.sync.spi.ConnectorWriter.Written;
import io.partnersync.sync.spi.FailureCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Bulk API 2.0 ingest job that upserts many records by PartnerSync's external id: create the
 * job, upload one CSV, close it, wait for Salesforce to finish, then read the successful and
 * failed results and match them to the records by external id. A handful of calls for thousands
 * of records. (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm)
 */
final class SalesforceBulkJob {

    /** How long a relay run waits for a job before leaving its records to the next run (re-upserting is harmless). */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    /** Bulk API 2.0 sets a field to null with this value; an empty cell would leave it unchanged. */
    private static final String NULL = "#N/A";

    private final SalesforceApi api;
    private final ObjectMapper json;
    private final CsvMapper csv = new CsvMapper();

    SalesforceBulkJob(SalesforceApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    List<WriteResult> upsert(ConnectorProperties connector, String object, List<OutboundRecord> records) {
        String upsertKey = SalesforceSettings.of(connector).upsertKey();
        String jobs = api.versionPath(connector) + "jobs/ingest/";
        JsonNode job = api.send(connector, "POST", jobs, json.createObjectNode().put("object", object).put("externalIdFieldName", upsertKey)
                .put("contentType", "CSV").put("operation", "upsert").put("lineEnding", "LF").toString());
        String id = job.path("id").asText();
        api.text(connector, "PUT", jobs + id + "/batches/", toCsv(upsertKey, records), "text/csv");
        api.send(connector, "PATCH", jobs + id + "/", "{\"state\":\"UploadComplete\"}");
        JsonNode state = awaitCompletion(connector, jobs + id + "/");
        String finalState = state.path("state").asText();
        if (!"JobComplete".equals(finalState)) {
            boolean stillRunning = !"Failed".equals(finalState) && !"Aborted".equals(finalState);
            String reason = "Bulk API job " + id + " " + (stillRunning ? "still " + finalState + " after " + MAX_WAIT.toMinutes() + " minutes"
                    : finalState + ": " + state.path("errorMessage").asText(""));
            return records.stream().map(r -> (WriteResult) new Failed(r, FailureCategory.TRANSIENT, reason, true)).toList();
        }
        return results(connector, jobs + id + "/", upsertKey, records);
    }

    private JsonNode awaitCompletion(ConnectorProperties connector, String job) {
        Instant deadline = Instant.now().plus(MAX_WAIT);
        long waitMillis = 500;
        while (true) {
            JsonNode state = api.get(connector, job, Map.of());
            String current = state.path("state").asText();
            if (Set.of("JobComplete", "Failed", "Aborted").contains(current) || Instant.now().isAfter(deadline)) {
                return state;
            }
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
            waitMillis = Math.min(waitMillis * 2, 10_000);
        }
    }

    private List<WriteResult> results(ConnectorProperties connector, String job, String upsertKey, List<OutboundRecord> records) {
        Map<String, OutboundRecord> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.put(r.id().toString(), r));
        List<WriteResult> results = new ArrayList<>();
        for (Map<String, String> row : fromCsv(api.text(connector, "GET", job + "successfulResults/", null, null))) {
            OutboundRecord record = byKey.remove(row.get(upsertKey));
            if (record != null) {
                results.add(new Written(record, row.get("sf__Id")));
            }
        }
        for (Map<String, String> row : fromCsv(api.text(connector, "GET", job + "failedResults/", null, null))) {
            OutboundRecord record = byKey.remove(row.get(upsertKey));
            if (record != null) {
                String error = row.getOrDefault("sf__Error", "UNKNOWN:no error given");
                String code = error.contains(":") ? error.substring(0, error.indexOf(':')) : error;
                results.add(new Failed(record, SalesforceWriter.category(code), "Salesforce " + error, SalesforceWriter.retryable(code)));
            }
        }
        byKey.values().forEach(r -> results.add(new Failed(r, FailureCategory.TRANSIENT, "not processed by the Bulk API job", true)));
        return results;
    }

    private String toCsv(String upsertKey, List<OutboundRecord> records) {
        Set<String> columns = new LinkedHashSet<>();
        columns.add(upsertKey);
        records.forEach(r -> columns.addAll(r.crmFields().keySet()));
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
        columns.forEach(schema::addColumn);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OutboundRecord record : records) {
            Map<String, Object> row = new HashMap<>();
            columns.forEach(c -> row.put(c, NULL));
            record.crmFields().forEach((field, value) -> row.put(field, value == null ? NULL : value.toString()));
            row.put(upsertKey, record.id().toString());
            rows.add(row);
        }
        try {
            return csv.writer(schema.build()).writeValueAsString(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map<String, String>> fromCsv(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable Bulk API results", e);
        }
    }
}
