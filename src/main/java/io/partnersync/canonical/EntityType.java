package io.partnersync.canonical;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of canonical record, each with its record class and its fields in declaration order. */
public enum EntityType {
    PARTNER(Partner.class),
    ACCOUNT(Account.class),
    LEAD(Lead.class),
    DEAL(Deal.class),
    PAYOUT(Payout.class);

    private final Class<? extends CanonicalRecord> recordClass;
    private final List<FieldDef> fields;

    EntityType(Class<? extends CanonicalRecord> recordClass) {
        this.recordClass = recordClass;
        this.fields = Arrays.stream(recordClass.getRecordComponents()).map(FieldDef::of).toList();
    }

    public Class<? extends CanonicalRecord> recordClass() {
        return recordClass;
    }

    public List<FieldDef> fields() {
        return fields;
    }

    public Optional<FieldDef> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Lower-case name used in files, tables and configuration ({@code deal}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EntityType> fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key().equals(key)).findFirst();
    }

    public static EntityType of(CanonicalRecord record) {
        return Arrays.stream(values()).filter(t -> t.recordClass == record.getClass()).findFirst().orElseThrow();
    }

    /**
     * One field of a canonical record.
     *
     * @param type the Java type of the value: String, Integer, BigDecimal, LocalDate, Instant, UUID,
     *     an enum, or List (of String)
     */
    public record FieldDef(String name, Class<?> type, RecordComponent component) {

        static FieldDef of(RecordComponent component) {
            return new FieldDef(component.getName(), component.getType(), component);
        }

        public boolean isList() {
            return List.class.isAssignableFrom(type);
        }

        /** Allowed values of an enum field, empty otherwise. */
        public List<String> enumValues() {
            return type.isEnum()
                    ? Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList()
                    : List.of();
        }
    }
}
