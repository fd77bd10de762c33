package io.partnersync.connector.dynamics;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.SourceReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads a Dataverse table by change tracking: the first read takes the whole table page by page,
 * and every later one only what changed since the delta link the previous read ended with (which the
 * engine keeps), deletions included. A deleted row arrives as its id with {@value #REMOVED} set, the
 * path the Dynamics mappings name as {@code deleted}. The engine's times and cursor do not apply:
 * Dataverse refuses {@code $filter} and {@code $orderby} with change tracking, and a delta link
 * misses nothing that commits late.
 */
@Component
class DynamicsReader implements SourceReader {

    /** Set on a row that change tracking reports deleted. */
    static final String REMOVED = "@removed";

    private final DynamicsClients clients;
    private final MappingRegistry mappings;

    DynamicsReader(DynamicsClients clients, MappingRegistry mappings) {
        this.clients = clients;
        this.mappings = mappings;
    }

    @Override
    public Page read(ConnectorProperties connector, Mapping mapping, Position position) {
        DynamicsSettings settings = DynamicsSettings.of(connector);
        DataverseClient client = clients.of(connector);
        DataverseClient.Page page = position.continuation() != null ? client.follow(position.continuation(), settings.pageSize())
                : position.changesSince() != null ? client.follow(position.changesSince(), settings.pageSize())
                : client.track(mapping.object(), columns(mapping, settings), settings.pageSize());
        List<Map<String, Object>> records = new ArrayList<>(page.rows());
        for (String id : page.deleted()) {
            Map<String, Object> removed = new LinkedHashMap<>();
            removed.put(mapping.idPath(), id);
            removed.put(REMOVED, true);
            records.add(removed);
        }
        Instant lastModified = null;
        String lastId = null;
        for (Map<String, Object> row : page.rows()) {
            Object modified = row.get(mapping.modifiedPath());
            if (modified != null) {
                Instant at = Instant.parse(modified.toString());
                lastModified = lastModified == null || at.isAfter(lastModified) ? at : lastModified;
            }
            lastId = String.valueOf(row.get(mapping.idPath()));
        }
        if (lastModified == null && !records.isEmpty()) {
            lastModified = Instant.now(); // a page of deletions only: they carry no time
            lastId = String.valueOf(records.get(records.size() - 1).get(mapping.idPath()));
        }
        return new Page(records, lastModified, lastId, page.nextLink(), position.continuation() == null, page.deltaLink());
    }

    @Override
    public List<Map<String, Object>> readByIds(ConnectorProperties connector, EntityType entity, List<String> ids) {
        Mapping mapping = mappings.mapping(connector.name(), entity);
        return clients.of(connector).byIds(mapping.object(), mapping.idPath(), columns(mapping, DynamicsSettings.of(connector)), ids);
    }

    @Override
    public String testConnection(ConnectorProperties connector) {
        DataverseClient.Page page = clients.of(connector).track("leads", List.of("leadid"), 1);
        return "Dataverse answered with " + (page.rows().isEmpty() ? "no leads" : "a page of leads") + " (Entra ID token accepted)";
    }

    /** The columns a read selects: every top-level column the mapping reads, its id, its modification time and PartnerSync's key. */
    static List<String> columns(Mapping mapping, DynamicsSettings settings) {
        Set<String> columns = new LinkedHashSet<>();
        columns.add(mapping.idPath());
        columns.add(mapping.modifiedPath());
        columns.add(settings.key());
        for (FieldMapping field : mapping.fields().values()) {
            if (field.from() != null && !field.from().contains(".")) {
                columns.add(field.from());
            }
        }
        return List.copyOf(columns);
    }
}
