package io.partnersync.connector.dynamics;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.FailureCategory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Writes to a Dataverse table by its alternate key ({@code partnersync_id} = the record's PartnerSync
 * id), or by the row's id when the environment's id is known (a row the rep created, which gets the
 * key with its first write), so a retried batch never creates a row twice: {@code UpsertMultiple} per batch, and when
 * Dataverse refuses a batch for its data (it rolls the whole request back), each row on its own, so
 * the bad one is that record's failure with Dataverse's reason and the others are written. Rows
 * whose id in the environment is not known yet are looked up by key afterwards (UpsertMultiple
 * answers without ids). A choice column's value (a lookup whose options are numbers) is sent as a number.
 */
@Component
class DynamicsWriter implements ConnectorWriter {

    private final DynamicsClients clients;
    private final MappingRegistry mappings;

    DynamicsWriter(DynamicsClients clients, MappingRegistry mappings) {
        this.clients = clients;
        this.mappings = mappings;
    }

    @Override
    public int maxRecordsPerRun(ConnectorProperties connector) {
        return 2000;
    }

    @Override
    public List<WriteResult> write(ConnectorProperties connector, EntityType type, List<OutboundRecord> records) {
        DynamicsSettings settings = DynamicsSettings.of(connector);
        Mapping mapping = mappings.mapping(connector.name(), type);
        DataverseClient client = clients.of(connector);
        String set = mapping.object();
        Set<String> choices = choiceColumns(mapping);
        List<WriteResult> results = new ArrayList<>();
        for (int from = 0; from < records.size(); from += settings.batchSize()) {
            List<OutboundRecord> batch = records.subList(from, Math.min(records.size(), from + settings.batchSize()));
            Map<OutboundRecord, DataverseClient.Target> rows = new java.util.IdentityHashMap<>();
            batch.forEach(record -> rows.put(record, new DataverseClient.Target(record.id().toString(), record.externalId(), columns(record, choices))));
            List<OutboundRecord> written = new ArrayList<>();
            try {
                client.upsertMultiple(set, settings.table(set), settings.key(), batch.stream().map(rows::get).toList());
                written.addAll(batch);
            } catch (DataverseException refused) {
                if (refused.category() != FailureCategory.VALIDATION) {
                    throw refused; // the environment, not the data: the whole batch waits and is sent again
                }
                for (OutboundRecord record : batch) {
                    try {
                        client.upsert(set, settings.key(), rows.get(record));
                        written.add(record);
                    } catch (DataverseException one) {
                        if (one.category() != FailureCategory.VALIDATION && one.category() != FailureCategory.CONFLICT) {
                            throw one;
                        }
                        results.add(new Failed(record, one.category(), "Dataverse refused " + settings.table(set) + " " + record.id() + ": "
                                + one.getMessage(), false));
                    }
                }
            }
            results.addAll(idsOf(client, mapping, settings, written));
        }
        return results;
    }

    /** The written records with their ids in the environment: known ones as they are, the others looked up by key. */
    private List<WriteResult> idsOf(DataverseClient client, Mapping mapping, DynamicsSettings settings, List<OutboundRecord> written) {
        List<String> unknown = written.stream().filter(r -> r.externalId() == null).map(r -> r.id().toString()).toList();
        Map<String, String> ids = new HashMap<>();
        if (!unknown.isEmpty()) {
            for (Map<String, Object> row : client.byKeys(mapping.object(), settings.key(), List.of(mapping.idPath(), settings.key()), unknown)) {
                ids.put(String.valueOf(row.get(settings.key())), String.valueOf(row.get(mapping.idPath())));
            }
        }
        List<WriteResult> results = new ArrayList<>();
        for (OutboundRecord record : written) {
            String id = record.externalId() != null ? record.externalId() : ids.get(record.id().toString());
            results.add(id != null ? new Written(record, id)
                    : new Failed(record, FailureCategory.TRANSIENT, "Dataverse took the row but did not find it by its key right after", true));
        }
        return results;
    }

    private static Map<String, Object> columns(OutboundRecord record, Set<String> choices) {
        Map<String, Object> columns = new LinkedHashMap<>();
        record.crmFields().forEach((column, value) -> columns.put(column,
                choices.contains(column) && value instanceof String text && text.matches("-?\\d+") ? Integer.valueOf(text) : value));
        return columns;
    }

    /** Columns whose lookup options are all numbers: Dataverse choice columns. */
    private static Set<String> choiceColumns(Mapping mapping) {
        Set<String> choices = new java.util.HashSet<>();
        for (FieldMapping field : mapping.fields().values()) {
            if (field.from() != null && !field.lookup().isEmpty() && field.lookup().keySet().stream().allMatch(k -> k.matches("-?\\d+"))) {
                choices.add(field.from());
            }
        }
        mapping.archiveMarks().forEach((column, value) -> {
            if (value instanceof String text && text.matches("-?\\d+")) {
                choices.add(column);
            }
        });
        return choices;
    }
}
