package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.SourceReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import java.util.Set;

/**
 * Reads a Salesforce org page by page: {@code queryAll} (so deletions are seen, with
 * {@code IsDeleted}) ordered by (modified, Id), strictly after the engine's cursor or from its
 * time, following {@code nextRecordsUrl}; up to 2,000 records a page ({@code Sforce-Query-Options:
 * batchSize}). The continuation is the {@code nextRecordsUrl}.
 */
@Component
class SalesforceReader implements SourceReader {

    private final SalesforceApi api;
    private final MappingRegistry mappings;
    private final ObjectMapper json;

    SalesforceReader(SalesforceApi api, MappingRegistry mappings, ObjectMapper json) {
        this.api = api;
        this.mappings = mappings;
        this.json = json;
    }

    @Override
    public Page read(ConnectorProperties connector, Mapping mapping, Position position) {
        Map<String, String> pageSize = Map.of("Sforce-Query-Options", "batchSize=" + Math.max(200, Math.min(2000, connector.limits().pageSize())));
        JsonNode page;
        if (position.continuation() == null) {
            SalesforceSettings settings = SalesforceSettings.of(connector);
            String soql = SoqlQuery.incremental(mapping, settings.where().get(mapping.entity()), position, settings.upsertKey());
            page = api.get(connector, api.versionPath(connector) + "queryAll/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), pageSize);
        } else {
            page = api.get(connector, position.continuation(), pageSize);
        }
        List<Map<String, Object>> batch = json.convertValue(page.path("records"), new TypeReference<List<Map<String, Object>>>() { });
        String next = page.path("done").asBoolean(true) || !page.hasNonNull("nextRecordsUrl") ? null : page.path("nextRecordsUrl").asText();
        if (batch.isEmpty()) {
            return new Page(batch, null, null, next, position.continuation() == null);
        }
        Map<String, Object> last = batch.get(batch.size() - 1);
        Object modified = last.get(mapping.modifiedPath());
        Object id = last.get(mapping.idPath());
        Instant lastModified = modified == null ? null : SoqlQuery.parseDateTime(modified.toString());
        return new Page(batch, lastModified, id == null ? null : id.toString(), next, position.continuation() == null);
    }

    /** The records by Id (as for a change event); an Id the org does not have (or the connector's where excludes) is left out. */
    @Override
    public List<Map<String, Object>> readByIds(ConnectorProperties connector, EntityType entity, List<String> ids) {
        Mapping mapping = mappings.mapping(connector.name(), entity);
        String where = SalesforceSettings.of(connector).where().get(mapping.entity());
        Set<String> fields = SoqlQuery.fields(mapping);
        fields.add(SalesforceSettings.of(connector).upsertKey());
        String soql = "SELECT " + String.join(", ", fields) + " FROM " + mapping.object() + " WHERE "
                + (where == null || where.isBlank() ? "" : "(" + where + ") AND ")
                + mapping.idPath() + " IN (" + ids.stream().map(id -> "'" + id.replace("\\", "\\\\").replace("'", "\\'") + "'").collect(Collectors.joining(", ")) + ")";
        JsonNode page = api.get(connector, api.versionPath(connector) + "queryAll/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), Map.of());
        return json.convertValue(page.path("records"), new TypeReference<List<Map<String, Object>>>() { });
    }

    /** Logs in (on first use) and reads the org's limits. */
    @Override
    public String testConnection(ConnectorProperties connector) {
        JsonNode limits = api.get(connector, api.versionPath(connector) + "limits/", Map.of());
        JsonNode daily = limits.path("DailyApiRequests");
        return "Salesforce org answered; daily API requests: " + daily.path("Remaining").asText("?") + " left of " + daily.path("Max").asText("?");
    }
}
