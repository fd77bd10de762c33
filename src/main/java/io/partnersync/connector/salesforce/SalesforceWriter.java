package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.FailureCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Upserts canonical records into Salesforce by PartnerSync's external-id field, so a retry never
 * creates a duplicate: through sObject Collections (at most 200 records per call,
 * {@code allOrNone=false}, one result per record, so one bad record never holds back the others),
 * or for more records than the connector's bulk threshold, one Bulk API 2.0 job.
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm)
 */
@Component
class SalesforceWriter implements ConnectorWriter {

    /** sObject Collections take at most 200 records per request. */
    static final int COLLECTION_LIMIT = 200;

    /** Errors about the data itself: retrying the same record cannot help. */
    private static final Set<String> DATA_ERRORS = Set.of("INVALID_FIELD", "REQUIRED_FIELD_MISSING", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            "FIELD_CUSTOM_VALIDATION_EXCEPTION", "STRING_TOO_LONG", "INVALID_TYPE_ON_FIELD_IN_RECORD", "MALFORMED_ID", "INVALID_CROSS_REFERENCE_KEY",
            "FIELD_INTEGRITY_EXCEPTION", "NUMBER_OUTSIDE_VALID_RANGE", "INVALID_FIELD_FOR_INSERT_UPDATE");

    private final SalesforceApi api;
    private final MappingRegistry mappings;
    private final ObjectMapper json;
    private final SalesforceBulkJob bulk;

    SalesforceWriter(SalesforceApi api, MappingRegistry mappings, ObjectMapper json) {
        this.api = api;
        this.mappings = mappings;
        this.json = json;
        this.bulk = new SalesforceBulkJob(api, json);
    }


    /** One relay run hands over at most this many records of one connector. */
    static final int MAX_PER_RUN = 10_000;

    @Override
    public int maxRecordsPerRun(ConnectorProperties connector) {
        return MAX_PER_RUN;
    }

    /** A Bulk API 2.0 job: create, upload, close, a status poll or two, the successful and the failed results. */
    static final int BULK_JOB_CALLS = 6;

    @Override
    public int calls(ConnectorProperties connector, int records) {
        if (records > SalesforceSettings.of(connector).bulkThreshold()) {
            return BULK_JOB_CALLS;
        }
        int perCall = Math.min(COLLECTION_LIMIT, Math.max(1, connector.limits().batchSize()));
        return (records + perCall - 1) / perCall;
    }

    /** More records than the connector's bulk threshold: one Bulk API 2.0 job; otherwise collections of 200. */
    @Override
    public List<WriteResult> write(ConnectorProperties connector, EntityType type, List<OutboundRecord> records) {
        String object = mappings.mapping(connector.name(), type).object();
        // A record Salesforce already holds (one of its own, or one we wrote) is updated by its Id:
        // an upsert by the PartnerSync id would create a second one for a record that came from Salesforce.
        List<OutboundRecord> known = records.stream().filter(r -> r.externalId() != null).toList();
        List<OutboundRecord> fresh = records.stream().filter(r -> r.externalId() == null).toList();
        int perCall = Math.min(COLLECTION_LIMIT, connector.limits().batchSize());
        List<WriteResult> results = new ArrayList<>();
        for (int from = 0; from < known.size(); from += perCall) {
            results.addAll(collection(connector, object, known.subList(from, Math.min(from + perCall, known.size())), true));
        }
        if (fresh.size() > SalesforceSettings.of(connector).bulkThreshold()) {
            results.addAll(bulk.upsert(connector, object, fresh));
            return results;
        }
        for (int from = 0; from < fresh.size(); from += perCall) {
            results.addAll(collection(connector, object, fresh.subList(from, Math.min(from + perCall, fresh.size())), false));
        }
        return results;
    }

    /** One sObject Collections call: an update by Id (PATCH composite/sobjects) or an upsert by the PartnerSync id. */
    private List<WriteResult> collection(ConnectorProperties connector, String object, List<OutboundRecord> records, boolean byId) {
        String upsertKey = SalesforceSettings.of(connector).upsertKey();
        ObjectNode body = json.createObjectNode().put("allOrNone", false);
        ArrayNode items = body.putArray("records");
        for (OutboundRecord record : records) {
            ObjectNode item = items.addObject();
            item.putObject("attributes").put("type", object);
            if (byId) {
                item.put("id", record.externalId());
            }
            item.put(upsertKey, record.id().toString());
            record.crmFields().forEach((field, value) -> item.set(field, json.valueToTree(value)));
        }
        JsonNode response;
        try {
            response = api.send(connector, "PATCH", api.versionPath(connector) + "composite/sobjects" + (byId ? "" : "/" + object + "/" + upsertKey),
                    json.writeValueAsString(body));
        } catch (SalesforceApiException e) {
            if (e.category() != FailureCategory.VALIDATION) {
                // the org, not a record, is the trouble (unreachable, credentials, the quota): the relay keeps the batch due
                throw e;
            }
            return records.stream().map(r -> (WriteResult) new Failed(r, e.category(), e.getMessage(), false)).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON of canonical values", e);
        }
        return results(records, response);
    }

    /** Salesforce answers with one result per record, in the order sent. */
    private List<WriteResult> results(List<OutboundRecord> records, JsonNode response) {
        List<WriteResult> results = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            OutboundRecord record = records.get(i);
            JsonNode result = response.path(i);
            if (result.path("success").asBoolean(false)) {
                results.add(new Written(record, result.path("id").asText()));
                continue;
            }
            JsonNode error = result.path("errors").path(0);
            String code = error.path("statusCode").asText("UNKNOWN");
            String reason = "Salesforce " + code + ": " + error.path("message").asText("no result for this record")
                    + (error.path("fields").isEmpty() ? "" : " (fields " + error.path("fields") + ")");
            results.add(new Failed(record, category(code), reason, retryable(code)));
        }
        return results;
    }

    static FailureCategory category(String code) {
        return switch (code) {
            case "UNABLE_TO_LOCK_ROW" -> FailureCategory.CONFLICT;
            case "DUPLICATE_EXTERNAL_ID", "DUPLICATE_VALUE", "MULTIPLE_CHOICES" -> FailureCategory.DUPLICATE;
            case "REQUEST_LIMIT_EXCEEDED" -> FailureCategory.RATE_LIMIT;
            default -> DATA_ERRORS.contains(code) ? FailureCategory.VALIDATION : FailureCategory.INTERNAL;
        };
    }

    static boolean retryable(String code) {
        return code.equals("UNABLE_TO_LOCK_ROW") || code.equals("REQUEST_LIMIT_EXCEEDED");
    }
}
