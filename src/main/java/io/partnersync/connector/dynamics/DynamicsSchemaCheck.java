package io.partnersync.connector.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersync.config.ConfigurationCheck.Problem;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.SchemaCheck;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code validate --online} for a partner's Dataverse environment: per mapped table, its definition
 * ({@code EntityDefinitions}, one request with its columns and alternate keys) and, when a mapping
 * writes a Choice column, the options of its Choice columns (one more). Each table must exist under
 * the mapped entity set with change tracking on and an alternate key on {@code partnersync_id}; each
 * column a mapping reads or writes must exist with a compatible type; a Choice column must offer the
 * values the mapping writes. Each problem says what to create or turn on. Read-only.
 */
@Component
class DynamicsSchemaCheck implements SchemaCheck {

    private final DynamicsClients clients;

    DynamicsSchemaCheck(DynamicsClients clients) {
        this.clients = clients;
    }

    @Override
    public List<Problem> check(ConnectorProperties connector, List<Mapping> mappings) {
        DynamicsSettings settings = DynamicsSettings.of(connector);
        DataverseClient client = clients.of(connector);
        List<Problem> problems = new ArrayList<>();
        for (Mapping mapping : mappings) {
            String table = settings.table(mapping.object());
            String where = connector.name() + " (Dataverse " + table + ")";
            JsonNode definition;
            try {
                definition = client.definition(table);
            } catch (DataverseException e) {
                if (e.status() == 404) {
                    problems.add(new Problem(where, mapping.object(), "expected the table " + table + " (entity set " + mapping.object()
                            + ") in the environment: create it, or name its logical name in dynamics.tables"));
                    continue;
                }
                problems.add(new Problem(connector.name(), mapping.object(), "expected to read the definition of " + table + ": " + e.getMessage()));
                return problems; // the credentials or the environment fail: the rest would say the same
            } catch (RuntimeException e) {
                problems.add(new Problem(connector.name(), mapping.object(), "expected to reach the environment: " + e.getMessage()));
                return problems;
            }
            if (!mapping.object().equals(definition.path("EntitySetName").asText(mapping.object()))) {
                problems.add(new Problem(where, mapping.object(), "expected the entity set " + mapping.object() + ", the table's is "
                        + definition.path("EntitySetName").asText() + ": set the mapping's object to it"));
            }
            if (!definition.path("ChangeTrackingEnabled").asBoolean(false)) {
                problems.add(new Problem(where, "ChangeTrackingEnabled", "expected Track changes on for " + table
                        + " (PartnerSync reads what changed through change tracking): turn it on in the table's properties"));
            }
            Map<String, String> columns = new HashMap<>();
            definition.path("Attributes").forEach(a -> columns.put(a.path("LogicalName").asText(), a.path("AttributeType").asText()));
            boolean keyed = false;
            for (JsonNode key : definition.path("Keys")) {
                List<String> attributes = new ArrayList<>();
                key.path("KeyAttributes").forEach(a -> attributes.add(a.asText()));
                keyed |= attributes.equals(List.of(settings.key()));
            }
            if (!columns.containsKey(settings.key())) {
                problems.add(new Problem(where, settings.key(), "expected a Text(36) column " + settings.key() + " with an alternate key on it: create both"));
            } else if (!keyed) {
                problems.add(new Problem(where, settings.key(), "expected an alternate key on " + settings.key() + " alone (PartnerSync upserts by it): create it"));
            }
            Map<String, FieldMapping> byColumn = new LinkedHashMap<>();
            byColumn.put(mapping.idPath(), null);
            byColumn.put(mapping.modifiedPath(), null);
            mapping.fields().values().stream().filter(f -> f.from() != null).forEach(f -> byColumn.put(f.from(), f));
            boolean anyChoice = false;
            for (var entry : byColumn.entrySet()) {
                String column = entry.getKey();
                FieldMapping field = entry.getValue();
                Kind kind = field == null ? (column.equals(mapping.idPath()) ? Kind.REFERENCE : Kind.DATETIME) : Kind.of(mapping, field);
                boolean choice = field != null && isChoice(field);
                String type = columns.get(column);
                if (type == null) {
                    problems.add(new Problem(where, column, "expected a " + words(kind, choice) + " column " + column + " on " + table
                            + (field == null ? "" : " (canonical " + mapping.entity().key() + "." + field.target() + ")") + ": create it"));
                    continue;
                }
                if (!compatible(kind, choice, type)) {
                    problems.add(new Problem(where, column, "expected a " + words(kind, choice) + " column, " + column + " is of type " + type));
                }
                anyChoice |= choice && type.equals("Picklist");
            }
            if (anyChoice) {
                Map<String, List<Integer>> options = client.choices(table);
                for (FieldMapping field : byColumn.values()) {
                    if (field != null && isChoice(field) && options.containsKey(field.from())) {
                        List<String> missing = SchemaCheck.writtenValues(mapping, field.from()).stream()
                                .filter(v -> !options.get(field.from()).contains(Integer.valueOf(v))).toList();
                        if (!missing.isEmpty()) {
                            problems.add(new Problem(where, field.from(), "expected the options " + missing + " that PartnerSync writes: add them to the Choice"));
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** A lookup whose CRM values are all numbers: a Choice column's option values. */
    private static boolean isChoice(FieldMapping field) {
        return !field.lookup().isEmpty() && field.lookup().keySet().stream().allMatch(k -> k.matches("-?\\d+"));
    }

    private static boolean compatible(Kind kind, boolean choice, String type) {
        if (choice) {
            return Set.of("Picklist", "State", "Status").contains(type);
        }
        return switch (kind) {
            case NUMBER -> Set.of("Decimal", "Money", "Double", "Integer", "BigInt").contains(type);
            case DATE, DATETIME -> type.equals("DateTime");
            case BOOLEAN -> type.equals("Boolean");
            case REFERENCE -> Set.of("Uniqueidentifier", "Lookup", "Customer", "Owner", "String").contains(type);
            case LIST -> Set.of("String", "Memo", "MultiSelectPicklist").contains(type);
            case TEXT -> Set.of("String", "Memo").contains(type);
        };
    }

    private static String words(Kind kind, boolean choice) {
        if (choice) {
            return "Choice";
        }
        return switch (kind) {
            case NUMBER -> "Decimal or Currency";
            case DATE -> "Date only";
            case DATETIME -> "Date and time";
            case BOOLEAN -> "Yes/No";
            case REFERENCE -> "Lookup";
            case LIST -> "Text or Choices";
            case TEXT -> "Text";
        };
    }
}
