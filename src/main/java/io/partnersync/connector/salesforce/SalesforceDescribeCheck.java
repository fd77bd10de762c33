package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersync.config.ConfigurationCheck.Problem;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.SchemaCheck;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code validate --online} for the vendor's org: one describe ({@code sobjects/{object}/describe})
 * per mapped object and per object a relationship path reaches ({@code Account.Website}); every
 * field a mapping reads must exist with a compatible type, a picklist must offer the values the
 * mapping writes, and the upsert key must be an External ID. Each problem says what to create.
 */
@Component
class SalesforceDescribeCheck implements SchemaCheck {

    private final SalesforceApi api;

    SalesforceDescribeCheck(SalesforceApi api) {
        this.api = api;
    }


    @Override
    public List<Problem> check(ConnectorProperties connector, List<Mapping> mappings) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Map<String, JsonNode>> described = new HashMap<>();
        for (Mapping mapping : mappings) {
            String where = connector.name() + " (Salesforce " + mapping.object() + ")";
            Map<String, JsonNode> fields;
            try {
                fields = describe(connector, mapping.object(), described);
            } catch (SalesforceApiException e) {
                if (e.status() == 404) {
                    problems.add(new Problem(where, mapping.object(), "expected the object " + mapping.object() + " in the org: create it"));
                    continue;
                }
                problems.add(new Problem(connector.name(), mapping.object(), "expected to describe " + mapping.object() + ": " + e.getMessage()));
                return problems; // the credentials or the org fail: the rest would say the same
            }
            String key = SalesforceSettings.of(connector).upsertKey();
            JsonNode upsert = fields.get(key);
            if (upsert == null) {
                problems.add(new Problem(where, key, "expected a Text(36) field " + key + " marked External ID and Unique: create it"));
            } else if (!upsert.path("externalId").asBoolean(false)) {
                problems.add(new Problem(where, key, "expected " + key + " to be marked External ID (PartnerSync upserts by it)"));
            }
            Map<String, FieldMapping> byPath = new LinkedHashMap<>();
            byPath.put(mapping.idPath(), null);
            byPath.put(mapping.modifiedPath(), null);
            mapping.fields().values().stream().filter(f -> f.from() != null).forEach(f -> byPath.put(f.from(), f));
            for (var entry : byPath.entrySet()) {
                String path = entry.getKey();
                Map<String, JsonNode> on = fields;
                String object = mapping.object();
                String name = path;
                if (path.contains(".")) {
                    String relationship = path.substring(0, path.indexOf('.'));
                    JsonNode reference = on.values().stream().filter(f -> relationship.equals(f.path("relationshipName").asText(null))).findFirst().orElse(null);
                    if (reference == null || reference.path("referenceTo").isEmpty()) {
                        problems.add(new Problem(where, path, "expected a relationship " + relationship + " on " + object
                                + " (the lookup field whose relationship name is " + relationship + ")"));
                        continue;
                    }
                    object = reference.path("referenceTo").get(0).asText();
                    name = path.substring(path.indexOf('.') + 1);
                    try {
                        on = describe(connector, object, described);
                    } catch (SalesforceApiException e) {
                        problems.add(new Problem(where, path, "expected to describe " + object + ": " + e.getMessage()));
                        continue;
                    }
                }
                FieldMapping field = entry.getValue();
                JsonNode describedField = on.get(name);
                Kind kind = field == null ? Kind.TEXT : Kind.of(mapping, field);
                if (describedField == null) {
                    problems.add(new Problem(where, path, "expected a " + words(kind, field) + " field " + name + " on " + object
                            + (field == null ? "" : " (canonical " + mapping.entity().key() + "." + field.target() + ")") + ": create it, readable by the integration user"));
                    continue;
                }
                String type = describedField.path("type").asText();
                if (field != null && !compatible(kind, type)) {
                    problems.add(new Problem(where, path, "expected a " + words(kind, field) + " field, " + name + " is of type " + type));
                } else if (field != null && (type.equals("picklist") || type.equals("multipicklist")) && !field.lookup().isEmpty()) {
                    Set<String> options = new HashSet<>();
                    describedField.path("picklistValues").forEach(v -> {
                        if (v.path("active").asBoolean(true)) {
                            options.add(v.path("value").asText());
                        }
                    });
                    List<String> missing = SchemaCheck.writtenValues(mapping, path).stream().filter(v -> !options.contains(v)).toList();
                    if (!missing.isEmpty()) {
                        problems.add(new Problem(where, path, "expected the picklist values " + missing + " that PartnerSync writes: add them"));
                    }
                }
            }
        }
        return problems;
    }

    private Map<String, JsonNode> describe(ConnectorProperties connector, String object, Map<String, Map<String, JsonNode>> described) {
        Map<String, JsonNode> known = described.get(object);
        if (known != null) {
            return known;
        }
        Map<String, JsonNode> fields = new HashMap<>();
        api.get(connector, api.versionPath(connector) + "sobjects/" + object + "/describe/", Map.of())
                .path("fields").forEach(f -> fields.put(f.path("name").asText(), f));
        described.put(object, fields);
        return fields;
    }

    private static boolean compatible(Kind kind, String type) {
        return switch (kind) {
            case NUMBER -> Set.of("double", "currency", "percent", "int", "long").contains(type);
            case DATE, DATETIME -> type.equals("date") || type.equals("datetime");
            case BOOLEAN -> type.equals("boolean");
            case LIST -> Set.of("multipicklist", "string", "textarea").contains(type);
            case REFERENCE -> Set.of("reference", "id", "string").contains(type);
            case TEXT -> !Set.of("boolean", "double", "currency", "percent", "int", "long", "date", "datetime").contains(type);
        };
    }

    private static String words(Kind kind, FieldMapping field) {
        return switch (kind) {
            case NUMBER -> "Number or Currency";
            case DATE -> "Date";
            case DATETIME -> "Date/Time";
            case BOOLEAN -> "Checkbox";
            case LIST -> "Multi-select picklist or Text";
            case REFERENCE -> "Lookup";
            case TEXT -> field != null && !field.lookup().isEmpty() ? "Picklist" : "Text";
        };
    }
}
