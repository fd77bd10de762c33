package io.partnersync.connector;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConfigurationCheck.Problem;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code validate --online}: asks a connector's CRM whether every object, field and property its
 * mappings need exists with a compatible type and the options the mappings' lookups use, and lists
 * what to create or change. Read-only: it never writes to the CRM.
 */
public interface SchemaCheck {


    /** The problems of one connector: credentials that do not work, and each missing or incompatible field. */
    List<Problem> check(ConnectorProperties connector, List<Mapping> mappings);

    /** The CRM values PartnerSync writes for a lookup field: for each canonical value, the first CRM value that maps to it. */
    static List<String> writtenValues(FieldMapping field) {
        Map<String, String> first = new LinkedHashMap<>();
        field.lookup().forEach((crm, canonical) -> first.putIfAbsent(canonical, crm));
        return List.copyOf(first.values());
    }

    /** The CRM values PartnerSync writes to the field at {@code path}, over every canonical field mapped from it (a status and a progress from one picklist). */
    static List<String> writtenValues(Mapping mapping, String path) {
        return mapping.fields().values().stream().filter(f -> path.equals(f.from())).flatMap(f -> writtenValues(f).stream()).distinct().toList();
    }

    /** The kind of value a canonical field holds, in words and for type checks. */
    enum Kind {
        TEXT, NUMBER, DATE, DATETIME, BOOLEAN, LIST, REFERENCE;

        public static Kind of(Mapping mapping, FieldMapping field) {
            if (field.ref() != null) {
                return REFERENCE;
            }
            Optional<EntityType.FieldDef> def = mapping.entity().field(field.target());
            Class<?> type = def.map(EntityType.FieldDef::type).orElse(String.class);
            if (BigDecimal.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
                return NUMBER;
            }
            if (type == LocalDate.class) {
                return DATE;
            }
            if (type == Instant.class) {
                return DATETIME;
            }
            if (type == Boolean.class || type == boolean.class) {
                return BOOLEAN;
            }
            if (List.class.isAssignableFrom(type)) {
                return LIST;
            }
            return TEXT;
        }
    }
}
