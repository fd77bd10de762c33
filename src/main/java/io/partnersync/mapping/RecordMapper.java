package io.partnersync.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads a CRM record (as parsed JSON: maps, lists, strings, numbers) through a {@link Mapping}. Stateless. */
public final class RecordMapper {

    private RecordMapper() {
    }

    /** @throws RecordMappingException naming the field, the value and the mapping file when a value does not fit */
    public static MappedRecord map(Mapping mapping, Map<String, ?> raw) {
        Object id = Paths.get(raw, mapping.idPath());
        if (isBlank(id)) {
            throw new RecordMappingException(mapping.idPath(), "the record has no id at '" + mapping.idPath() + "' (" + mapping.source() + ")");
        }
        var modifiedAt = read(mapping, mapping.modifiedPath(), "modified", raw, v -> Coercion.instant(v));
        Object deletedFlag = mapping.deletedPath() == null ? null : Paths.get(raw, mapping.deletedPath());
        boolean deleted = deletedFlag != null && Boolean.parseBoolean(deletedFlag.toString());

        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, MappedRecord.Reference> references = new LinkedHashMap<>();
        for (FieldMapping field : mapping.fields().values()) {
            if (field.sync() == SyncRule.NEVER_SYNC) {
                continue;
            }
            Object value = valueOf(mapping, field, raw);
            if (field.ref() != null) {
                if (value != null) {
                    references.put(field.target(), new MappedRecord.Reference(field.ref(), value.toString()));
                }
                fields.put(field.target(), null);
                continue;
            }
            Class<?> type = mapping.entity().field(field.target()).orElseThrow().type();
            fields.put(field.target(), coerce(mapping, field, type, value));
        }
        return new MappedRecord(id.toString(), modifiedAt, deleted, fields, references);
    }

    private static Object valueOf(Mapping mapping, FieldMapping field, Map<String, ?> raw) {
        Object value = field.from() == null ? null : Paths.get(raw, field.from());
        if (isBlank(value) || field.placeholder() != null && field.placeholder().equals(value.toString())) {
            return field.defaultValue(); // the placeholder PartnerSync wrote for an empty value reads as empty again
        }
        if (field.converter() != null) {
            try {
                value = field.converter().apply(value);
            } catch (RuntimeException e) {
                throw fail(mapping, field, value, "converter " + field.converter().key() + " failed: " + e.getMessage());
            }
        }
        if (!field.lookup().isEmpty()) {
            String mapped = field.lookup().get(value.toString());
            if (mapped != null) {
                return mapped;
            }
            if (field.defaultValue() == null && field.unmatchedEmpty()) {
                return null;
            }
            if (field.defaultValue() == null) {
                throw fail(mapping, field, value, "not in the lookup table; known values: " + field.lookup().keySet());
            }
            return field.defaultValue();
        }
        return value;
    }

    private static Object coerce(Mapping mapping, FieldMapping field, Class<?> type, Object value) {
        try {
            return Coercion.to(type, value);
        } catch (RuntimeException e) {
            throw fail(mapping, field, value, e.getMessage());
        }
    }

    private static <T> T read(Mapping mapping, String path, String key, Map<String, ?> raw, Function<Object, T> parse) {
        Object value = path == null ? null : Paths.get(raw, path);
        if (isBlank(value)) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            throw new RecordMappingException(key, key + " '" + path + "': " + e.getMessage() + " (" + mapping.source() + ")");
        }
    }

    private static RecordMappingException fail(Mapping mapping, FieldMapping field, Object value, String problem) {
        return new RecordMappingException(field.target(), "field " + field.target() + " (from '" + field.from() + "', value '"
                + value + "'): " + problem + " (" + mapping.source() + ")");
    }

    private static boolean isBlank(Object value) {
        return value == null || value instanceof String s && s.isBlank() || value instanceof List<?> l && l.isEmpty();
    }

    /** The value at a dotted path ({@code properties.hs_lastmodifieddate}) of a CRM record, or {@code null}. */
    public static Object valueAt(Map<String, ?> record, String path) {
        return Paths.get(record, path);
    }

    /** Dotted paths into nested maps: {@code properties.dealname}, {@code Owner.Name}. */
    static final class Paths {
        private static final Pattern DOT = Pattern.compile(".", Pattern.LITERAL);
        /** Split once: the paths are the mappings' (a few dozen), read for every field of every record of a backfill. */
        private static final Map<String, String[]> SPLIT = new ConcurrentHashMap<>();
        private static final int SPLIT_CACHED = 10_000;

        private Paths() {
        }

        static Object get(Map<String, ?> record, String path) {
            String[] parts = SPLIT.get(path);
            if (parts == null) {
                parts = DOT.split(path);
                if (SPLIT.size() < SPLIT_CACHED) {
                    SPLIT.put(path, parts);
                }
            }
            Object current = record;
            for (String part : parts) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                current = map.get(part);
            }
            return current;
        }
    }
}
