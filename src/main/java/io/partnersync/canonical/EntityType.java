package io.partnersync.canonical;

import java.util.stream.Collectors;
import java.util.Map;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
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
    private final Map<String, FieldDef> byName;
    private final Constructor<? extends CanonicalRecord> constructor;

    EntityType(Class<? extends CanonicalRecord> recordClass) {
        this.recordClass = recordClass;
        this.fields = Arrays.stream(recordClass.getRecordComponents()).map(FieldDef::of).toList();
        this.byName = fields.stream().collect(Collectors.toUnmodifiableMap(FieldDef::name, f -> f));
        try {
            this.constructor = recordClass.getDeclaredConstructor(fields.stream().map(FieldDef::type).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record always has its canonical constructor", e);
        }
    }

    /** The record's canonical constructor, taking the fields in declaration order. */
    Constructor<? extends CanonicalRecord> constructor() {
        return constructor;
    }

    public Class<? extends CanonicalRecord> recordClass() {
        return recordClass;
    }

    public List<FieldDef> fields() {
        return fields;
    }

    public Optional<FieldDef> field(String name) {
        return Optional.ofNullable(byName.get(name));
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
     * @param column the field's name in snake_case, as the store's column is named
     */
    public record FieldDef(String name, Class<?> type, Method accessor, String column) {

        static FieldDef of(RecordComponent component) {
            String column = component.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            return new FieldDef(component.getName(), component.getType(), component.getAccessor(), column);
        }

        public boolean isList() {
            return List.class.isAssignableFrom(type);
        }
    }
}
