package io.partnersync.mapping;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.config.PartnerSyncProperties;
import java.util.EnumMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The mapping of every (connector, entity) that a connector syncs: for the configuration file's
 * connectors built once at start-up, for the connections kept in the store when one is added. A
 * configured connector that syncs an entity with no mapping file, or an override for a connector
 * that is not configured, stops start-up; a connection without its files is refused when added.
 * Thread-safe.
 */
public class MappingRegistry {

    private final Map<String, Map<EntityType, Mapping>> byConnector = new ConcurrentHashMap<>();
    private final List<MappingLoader.MappingFile> files;
    private final java.nio.file.Path mappingsDir;
    private final Map<String, UnaryOperator<String>> writtenFields;

    /** Every mapping writes top-level fields only (enough to validate them). */
    public MappingRegistry(PartnerSyncProperties properties) {
        this(properties, Map.of());
    }

    /** @param writtenFields per CRM kind, the fields its writer writes ({@link Mapping#writtenField()}) */
    public MappingRegistry(PartnerSyncProperties properties, Map<String, UnaryOperator<String>> writtenFields) {
        List<MappingLoader.MappingFile> files = MappingLoader.readAll(properties.mappingsDir());
        for (MappingLoader.MappingFile file : files) {
            if (file.isOverride() && properties.connector(file.connector()).isEmpty()) {
                throw new InvalidConfigurationException(file.path().toString(), "",
                        "expected the file name to end in the name of a configured connector, '" + file.connector()
                                + "' is none of " + properties.connectors().stream().map(ConnectorProperties::name).toList());
            }
        }
        this.files = files;
        this.mappingsDir = properties.mappingsDir();
        this.writtenFields = Map.copyOf(writtenFields);
        for (int i = 0; i < properties.connectors().size(); i++) {
            ConnectorProperties connector = properties.connectors().get(i);
            byConnector.put(connector.name(), build(connector, "partnersync.connectors[" + i + "].entities"));
        }
    }

    /**
     * The mappings of a connection kept in the store (not in the configuration file), from the same
     * files; kept until {@link #forget}.
     *
     * @throws InvalidConfigurationException when an entity it syncs has no mapping file
     */
    public Map<EntityType, Mapping> add(ConnectorProperties connection) {
        Map<EntityType, Mapping> mappings = of(connection);
        byConnector.put(connection.name(), mappings);
        return mappings;
    }

    /**
     * The mappings {@code connection} would have, kept nowhere: to refuse a connection before it is stored.
     *
     * @throws InvalidConfigurationException when an entity it syncs has no mapping file
     */
    public Map<EntityType, Mapping> of(ConnectorProperties connection) {
        return build(connection, "entities");
    }

    /** Drops the mappings of a connection that was removed or changed. */
    public void forget(String connection) {
        byConnector.remove(connection);
    }

    private Map<EntityType, Mapping> build(ConnectorProperties connector, String key) {
        Map<EntityType, Mapping> mappings = new EnumMap<>(EntityType.class);
        String crm = connector.type();
        for (EntityType entity : connector.entities()) {
            String role = connector.role().name().toLowerCase(java.util.Locale.ROOT);
            // the connector's role's own file (mappings/<crm>/<role>/) before the one for every role (mappings/<crm>/)
            MappingLoader.MappingFile base = find(files, crm, role, entity, null).or(() -> find(files, crm, null, entity, null))
                    .orElseThrow(() -> new InvalidConfigurationException(
                    "configuration", key,
                    "expected a mapping file " + mappingsDir.resolve(crm).resolve(role).resolve(entity.key() + ".yaml") + " or "
                            + mappingsDir.resolve(crm).resolve(entity.key() + ".yaml") + " for " + entity.key() + " of connector " + connector.name()));
            Mapping mapping = MappingLoader.merge(base, find(files, crm, entity, connector.name()).orElse(null))
                    .withWrittenField(writtenFields.getOrDefault(crm, Mapping.TOP_LEVEL));
            mappings.put(entity, mapping);
        }
        return mappings;
    }

    /** @throws IllegalArgumentException when the connector does not sync that entity */
    public Mapping mapping(String connector, EntityType entity) {
        Mapping mapping = byConnector.getOrDefault(connector, Map.of()).get(entity);
        if (mapping == null) {
            throw new IllegalArgumentException("connector '" + connector + "' does not sync " + entity.key());
        }
        return mapping;
    }

    /** A connector's override, wherever it lies in its CRM's folder. */
    private static Optional<MappingLoader.MappingFile> find(List<MappingLoader.MappingFile> files, String crm, EntityType entity, String connector) {
        return files.stream()
                .filter(f -> f.crm().equals(crm) && f.entity() == entity && Objects.equals(f.connector(), connector))
                .findFirst();
    }

    /** The base file of one role ({@code null}: of every role). */
    private static Optional<MappingLoader.MappingFile> find(List<MappingLoader.MappingFile> files, String crm, String role, EntityType entity,
                                                           String connector) {
        return files.stream()
                .filter(f -> f.crm().equals(crm) && Objects.equals(f.role(), role) && f.entity() == entity && Objects.equals(f.connector(), connector))
                .findFirst();
    }
}
