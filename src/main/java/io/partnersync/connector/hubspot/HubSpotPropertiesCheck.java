package io.partnersync.connector.hubspot;

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
import java.util.LinkedHashSet;

/**
 * {@code validate --online} for a HubSpot portal: one {@code GET /crm/v3/properties/{objectType}} per
 * mapped object; every property a mapping reads or writes must exist with a compatible type, a
 * dropdown must offer the values the mapping writes, and the unique property must have
 * {@code hasUniqueValue}. Each problem says what to create.
 */
@Component
class HubSpotPropertiesCheck implements SchemaCheck {

    private final HubSpotClients clients;

    HubSpotPropertiesCheck(HubSpotClients clients) {
        this.clients = clients;
    }


    @Override
    public List<Problem> check(ConnectorProperties portal, List<Mapping> mappings) {
        List<Problem> problems = new ArrayList<>();
        HubSpotClient client = clients.of(portal);
        Set<String> objects = new LinkedHashSet<>();
        mappings.forEach(m -> objects.add(m.object()));
        if (HubSpotSettings.of(portal).associate()) {
            objects.add("companies");
        }
        Map<String, Map<String, JsonNode>> byObject = new HashMap<>();
        for (String object : objects) {
            try {
                Map<String, JsonNode> properties = new HashMap<>();
                client.properties(object).path("results").forEach(p -> properties.put(p.path("name").asText(), p));
                byObject.put(object, properties);
            } catch (RuntimeException e) {
                problems.add(new Problem(portal.name(), object, "expected to read the portal's " + object + " properties: " + e.getMessage()));
                return problems; // the credentials or the portal fail: the rest would say the same
            }
        }
        String unique = HubSpotSettings.of(portal).uniqueProperty();
        for (String object : objects) {
            JsonNode property = byObject.get(object).get(unique);
            if (property == null) {
                problems.add(new Problem(portal.name() + " (HubSpot " + object + ")", unique,
                        "expected a single-line text property '" + unique + "' with \"unique value\" on: create it"));
            } else if (!property.path("hasUniqueValue").asBoolean(false)) {
                problems.add(new Problem(portal.name() + " (HubSpot " + object + ")", unique,
                        "expected '" + unique + "' to require unique values (hasUniqueValue); recreate it with \"unique value\" on"));
            }
        }
        for (Mapping mapping : mappings) {
            Map<String, JsonNode> properties = byObject.get(mapping.object());
            Map<String, FieldMapping> byProperty = new LinkedHashMap<>();
            byProperty.put(name(mapping.modifiedPath()), null);
            mapping.fields().values().stream().filter(f -> f.from() != null && f.from().startsWith("properties."))
                    .forEach(f -> byProperty.put(name(f.from()), f));
            for (var entry : byProperty.entrySet()) {
                String where = portal.name() + " (HubSpot " + mapping.object() + ")";
                JsonNode property = properties.get(entry.getKey());
                FieldMapping field = entry.getValue();
                Kind kind = field == null ? Kind.DATETIME : Kind.of(mapping, field);
                if (property == null) {
                    problems.add(new Problem(where, entry.getKey(), "expected a " + words(kind, field) + " property '" + entry.getKey()
                            + "'" + (field == null ? "" : " (canonical " + mapping.entity().key() + "." + field.target() + ")") + ": create it"));
                    continue;
                }
                String type = property.path("type").asText();
                if (!compatible(kind, field, type)) {
                    problems.add(new Problem(where, entry.getKey(), "expected a " + words(kind, field) + " property, it is of type " + type));
                } else if (type.equals("enumeration") && field != null && !field.lookup().isEmpty()) {
                    Set<String> options = new HashSet<>();
                    property.path("options").forEach(o -> options.add(o.path("value").asText()));
                    List<String> missing = SchemaCheck.writtenValues(mapping, field.from()).stream().filter(v -> !options.contains(v)).toList();
                    if (!missing.isEmpty()) {
                        problems.add(new Problem(where, entry.getKey(), "expected the options " + missing + " (internal values) that PartnerSync writes: add them"));
                    }
                }
            }
        }
        return problems;
    }

    private static boolean compatible(Kind kind, FieldMapping field, String type) {
        return switch (kind) {
            case NUMBER -> type.equals("number");
            case DATE, DATETIME -> type.equals("date") || type.equals("datetime");
            case BOOLEAN -> type.equals("bool") || type.equals("enumeration");
            case LIST, TEXT, REFERENCE -> !type.equals("bool") || field != null && !field.lookup().isEmpty();
        };
    }

    private static String words(Kind kind, FieldMapping field) {
        return switch (kind) {
            case NUMBER -> "number";
            case DATE -> "date picker";
            case DATETIME -> "date and time";
            case BOOLEAN -> "single checkbox";
            case LIST -> "multiple checkboxes or single-line text";
            case TEXT, REFERENCE -> field != null && !field.lookup().isEmpty() ? "dropdown select (options " + SchemaCheck.writtenValues(field) + ")" : "single-line text";
        };
    }

    private static String name(String path) {
        return path.startsWith("properties.") ? path.substring("properties.".length()) : path;
    }
}
