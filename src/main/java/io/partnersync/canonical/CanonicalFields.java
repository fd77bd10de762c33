package io.partnersync.canonical;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts canonical records to and from field maps (field name to typed value). Field maps are
 * what mappings produce and what sync rules merge; the records are what the rest of the code
 * reads. Uses the JDK's record reflection so that each record is declared exactly once.
 */
public final class CanonicalFields {

    private CanonicalFields() {
    }

    /** The record's fields in declaration order; absent values are present as {@code null}. */
    public static Map<String, Object> toMap(CanonicalRecord record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (EntityType.FieldDef field : EntityType.of(record).fields()) {
            try {
                values.put(field.name(), field.accessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    /**
     * Builds a record from typed values (missing keys are {@code null}).
     *
     * @throws InvalidRecordException when the values break one of the record's rules
     */
    public static CanonicalRecord fromMap(EntityType type, Map<String, ?> values) {
        List<EntityType.FieldDef> fields = type.fields();
        Object[] args = new Object[fields.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = values.get(fields.get(i).name());
        }
        try {
            return type.constructor().newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(type.key(), "a value has the wrong type: " + e.getMessage());
        }
    }
}
