package io.partnersync.config;

import io.partnersync.sync.spi.ConnectorKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Turns a stored connection's definition (the keys a connector has in the configuration file, as
 * JSON) into a connector, by the very rules of the configuration file: the definition is checked by
 * {@link ConfigurationCheck} as if it were {@code partnersync.connectors[0]} (values, unknown keys,
 * the kind's block, base URLs) and bound the same way. A stored connection is always a partner's
 * ({@code role: partner}); its secrets are kept apart, encrypted, so {@code secret-env} is refused.
 * Problems name the connection and the key within its definition ({@code hubspot.auth}).
 */
public final class ConnectionDefinitions {

    private static final String PREFIX = "partnersync.connectors[0]";
    /** How a definition's property source is named: "connection acme-hubspot". */
    static final String SOURCE = "connection ";

    private ConnectionDefinitions() {
    }

    /**
     * @param definition the connection's settings, without {@code name}
     * @throws InvalidConfigurationException naming every problem at once
     */
    public static ConnectorProperties bind(String name, Map<String, ?> definition, Collection<? extends ConnectorKind<?>> kinds) {
        String where = SOURCE + name;
        List<ConfigurationCheck.Problem> problems = new ArrayList<>();
        Map<String, Object> flat = new LinkedHashMap<>();
        for (var entry : definition.entrySet()) {
            switch (entry.getKey()) {
                case "name" -> problems.add(new ConfigurationCheck.Problem(where, "name", "expected the name in the path, not in the definition"));
                case "role" -> {
                    if (!"partner".equalsIgnoreCase(String.valueOf(entry.getValue()))) {
                        problems.add(new ConfigurationCheck.Problem(where, "role",
                                "expected partner: a connection kept in the store is a partner's (the vendor's org is configured in the file)"));
                    }
                }
                case "secret-env", "secretEnv" -> problems.add(new ConfigurationCheck.Problem(where, entry.getKey(),
                        "expected the secrets themselves under 'secrets' (kept encrypted), not names of environment variables"));
                default -> flatten(PREFIX + "." + entry.getKey(), entry.getValue(), flat);
            }
        }
        flat.put(PREFIX + ".name", name);
        flat.put(PREFIX + ".role", "partner");
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource(where, flat));
        for (ConfigurationCheck.Problem problem : ConfigurationCheck.check(environment, kinds)) {
            String key = problem.key().startsWith(PREFIX + ".") ? problem.key().substring(PREFIX.length() + 1) : problem.key();
            problems.add(new ConfigurationCheck.Problem(where, key, problem.expected()));
        }
        if (!problems.isEmpty()) {
            throw InvalidConfigurationException.of(problems);
        }
        Binder binder = Binder.get(environment);
        PartnerSyncProperties properties = binder.bindOrCreate("partnersync", PartnerSyncProperties.class);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Collection<ConnectorKind<?>> all = (Collection) kinds;
        return KindSettingsBinder.bind(properties, binder, all).connectors().get(0);
    }

    private static void flatten(String key, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(key + "." + k, v, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(key + "[" + i + "]", list.get(i), into);
            }
        } else if (value != null) {
            into.put(key, String.valueOf(value));
        }
    }
}
