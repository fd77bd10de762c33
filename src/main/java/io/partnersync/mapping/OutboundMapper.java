package io.partnersync.mapping;

import io.partnersync.canonical.EntityType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.time.Instant;

/**
 * The way back: canonical values to a CRM record's fields, through the same mapping file that
 * reads them. Lookup tables are used in reverse (the first CRM value that maps to the canonical
 * one; a value with none is written empty, unless the field says {@code when-blank: keep}); when two
 * fields write one CRM field, the later one's value is written if it has one, list converters join again, and references become the other record's id in that CRM.
 * Only writable fields ({@link Fingerprints#writable}) are produced. Stateless.
 */
public final class OutboundMapper {

    private OutboundMapper() {
    }

    /**
     * @param externalIdOf the id in the target CRM of a canonical record, or {@code null} when it
     *     has none there yet (the field is then left out)
     * @return field path in the CRM (as written in the mapping, e.g. {@code properties.amount}) to value
     */
    public static Map<String, Object> toCrm(Mapping mapping, Map<String, ?> canonical, BiFunction<EntityType, UUID, String> externalIdOf) {
        Map<String, Object> crm = new LinkedHashMap<>();
        for (FieldMapping field : mapping.fields().values()) {
            if (!Fingerprints.writable(mapping, field)) {
                continue;
            }
            Object value = canonical.get(field.target());
            if (field.ref() != null) {
                String externalId = value == null ? null : externalIdOf.apply(field.ref(), (UUID) value);
                if (value == null || externalId != null) {
                    crm.put(field.from(), externalId);
                }
                continue;
            }
            Object written = crmValue(field, value);
            if (written == null && field.placeholder() != null) {
                written = field.placeholder(); // the CRM requires a value: one that reads back as empty
            }
            if (written == null && field.keepWhenBlank()) {
                continue; // the CRM's value stays (a required field, or one a field before this one wrote)
            }
            crm.put(field.from(), written);
        }
        return crm;
    }

    private static Object crmValue(FieldMapping field, Object value) {
        if (value == null) {
            return null;
        }
        if (!field.lookup().isEmpty()) {
            String canonical = value instanceof Enum<?> e ? e.name() : value.toString();
            // a canonical value the CRM has no option for (NONE: no registration) is written as empty,
            // never as an invented option the CRM's dropdown or restricted picklist would refuse
            return field.lookup().entrySet().stream().filter(e -> e.getValue().equals(canonical)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }
        if (value instanceof BigDecimal decimal) {
            // the store keeps 4 decimal places; a CRM shows 20000, not 20000.0000
            BigDecimal plain = decimal.stripTrailingZeros();
            return plain.scale() < 0 ? plain.setScale(0) : plain;
        }
        if (value instanceof List<?> list) {
            String separator = field.converter() == Converter.COMMA_LIST ? "," : ";";
            return String.join(separator, list.stream().map(Object::toString).toList());
        }
        if (field.converter() == Converter.EPOCH_MILLIS && value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof BigDecimal || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }
}
