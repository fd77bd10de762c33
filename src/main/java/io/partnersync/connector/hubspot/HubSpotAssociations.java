package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.CustomerKey;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.ConnectorWriter.Failed;
import io.partnersync.connector.ConnectorWriter.OutboundRecord;
import io.partnersync.connector.ConnectorWriter.WriteResult;
import io.partnersync.connector.ConnectorWriter.Written;
import io.partnersync.ops.CategorizedException;
import io.partnersync.store.FailureCategory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Links what PartnerSync wrote into a portal to the end customer's company there: deals and
 * contacts are associated with a company, so the rep sees deal, company and contact together.
 *
 * <p>The company is upserted by the portal's unique PartnerSync-id property holding the customer
 * key ({@code domain:contoso.com}, or {@code name:contoso} without a domain), so every deal and
 * contact of one customer in one portal meets at one company, and a retry creates none twice.
 * Per written batch this costs one companies upsert and one v4 batch association per object type.
 * A failure here fails the batch's records for a retry; the upsert and the association are both
 * idempotent, so the retry only completes what was missing.
 */
@Component
class HubSpotAssociations {

    private final HubSpotClients clients;
    private final ObjectMapper json;

    HubSpotAssociations(HubSpotClients clients, ObjectMapper json) {
        this.clients = clients;
        this.json = json;
    }

    /** Returns {@code results} with the records whose association failed turned into failures. */
    List<WriteResult> associate(ConnectorProperties connector, EntityType type, String objectType, List<OutboundRecord> records,
                                List<WriteResult> results) {
        if (!connector.hubspot().associate() || (type != EntityType.DEAL && type != EntityType.LEAD)) {
            return results;
        }
        Map<Object, OutboundRecord> byEntry = new LinkedHashMap<>();
        records.forEach(r -> byEntry.put(r.entry(), r));
        Map<String, String> customerOf = new LinkedHashMap<>();
        Map<String, ObjectNode> companies = new LinkedHashMap<>();
        for (WriteResult result : results) {
            if (result instanceof Written written) {
                Map<String, Object> fields = byEntry.get(written.entry()).fields();
                String domain = text(fields.get(type == EntityType.DEAL ? "customerDomain" : "domain"));
                String name = text(fields.get(type == EntityType.DEAL ? "customerName" : "company"));
                String key = CustomerKey.of(domain, name);
                if (key != null) {
                    customerOf.put(written.externalId(), key);
                    companies.computeIfAbsent(key, k -> company(connector, k, name, domain));
                }
            }
        }
        if (companies.isEmpty()) {
            return results;
        }
        try {
            Map<String, String> companyIds = upsertCompanies(connector, companies.values());
            ObjectNode body = json.createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            customerOf.forEach((recordId, key) -> {
                String companyId = companyIds.get(key);
                if (companyId != null) {
                    ObjectNode input = inputs.addObject();
                    input.putObject("from").put("id", recordId);
                    input.putObject("to").put("id", companyId);
                }
            });
            JsonNode answer = clients.of(connector).associateDefault(objectType, "companies", body);
            if (answer.path("numErrors").asInt(0) > 0 || companyIds.size() < companies.size()) {
                throw new CategorizedException(FailureCategory.VALIDATION, "HubSpot refused to link some records to their company: "
                        + answer.path("errors").path(0).path("message").asText("a company could not be written"), null);
            }
            return results;
        } catch (CategorizedException e) {
            boolean retry = e.category() != FailureCategory.VALIDATION && e.category() != FailureCategory.AUTH;
            return results.stream().map(r -> r instanceof Written w && customerOf.containsKey(w.externalId())
                    ? (WriteResult) new Failed(w.entry(), e.category(), "written, but not linked to its company: " + e.getMessage(), retry)
                    : r).toList();
        }
    }

    private ObjectNode company(ConnectorProperties connector, String key, String name, String domain) {
        String unique = connector.hubspot().uniqueProperty();
        ObjectNode input = json.createObjectNode().put("idProperty", unique).put("id", key);
        ObjectNode properties = input.putObject("properties").put(unique, key);
        if (name != null) {
            properties.put("name", name);
        }
        if (domain != null) {
            properties.put("domain", domain);
        }
        return input;
    }

    /** Customer key to the company's id in the portal. */
    private Map<String, String> upsertCompanies(ConnectorProperties connector, Iterable<ObjectNode> companies) {
        ObjectNode body = json.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        companies.forEach(inputs::add);
        JsonNode answer = clients.of(connector).batchUpsert("companies", body);
        Map<String, String> ids = new LinkedHashMap<>();
        String unique = connector.hubspot().uniqueProperty();
        for (JsonNode result : answer.path("results")) {
            ids.put(result.path("properties").path(unique).asText(), result.path("id").asText());
        }
        return ids;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
