package io.partnersync.config;

import io.partnersync.canonical.EntityType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Locale;

/**
 * One connection to one CRM: the vendor's org or one partner's CRM. The settings every kind shares;
 * a kind's own settings are bound from the block named after its key and reached through
 * {@link #settings(Class)}.
 *
 * @param name unique, lower-case, used in route ids, mapping overrides, metrics and the store
 * @param type the key of a registered connector kind
 * @param partner for a partner connector, the {@code key} of the partner it belongs to
 * @param baseUrl the API endpoint; the connector type supplies the public default when absent
 * @param secretEnv names of the environment variables that hold this connector's secrets, by
 *     purpose (for example {@code token: ACME_CRM_TOKEN}); the values never pass through here
 * @param entities which canonical entities this connector syncs
 * @param localSandbox the CRM is a local stand-in (a fake or a sandbox on this machine or network):
 *     its base URL may be plain http and a loopback or private address, which is refused otherwise
 * @param kindSettings the kind's own settings, bound and validated by the engine at start-up; not a
 *     key of the configuration
 */
public record ConnectorProperties(
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "expected lower-case letters, digits and '-'") String name,
        @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9-]{0,62}", message = "expected the key of a registered connector kind") String type,
        @NotNull ConnectorRole role,
        String partner,
        @DefaultValue("true") boolean enabled,
        URI baseUrl,
        @DefaultValue Map<String, String> secretEnv,
        @NotNull @DefaultValue("PT1M") Duration pollInterval,
        @NotEmpty Set<EntityType> entities,
        @Valid @DefaultValue Limits limits,
        @DefaultValue("false") boolean localSandbox,
        Object kindSettings) {

    public ConnectorProperties {
        type = type == null ? null : type.toLowerCase(Locale.ROOT);
    }

    public boolean syncs(EntityType type) {
        return enabled && entities.contains(type);
    }

    /**
     * The kind's own settings of this connector.
     *
     * @throws IllegalStateException when they are not of {@code type} (a connector of another kind)
     */
    public <S> S settings(Class<S> settingsType) {
        if (!settingsType.isInstance(kindSettings)) {
            throw new IllegalStateException("connector '" + name + "' is of type " + type + ", whose settings are not " + settingsType.getSimpleName());
        }
        return settingsType.cast(kindSettings);
    }

    /** The same connector with its kind's settings bound. */
    public ConnectorProperties withKindSettings(Object settings) {
        return new ConnectorProperties(name, type, role, partner, enabled, baseUrl, secretEnv, pollInterval, entities, limits, localSandbox, settings);
    }

    /**
     * @param batchSize records per write call (most CRMs' batch APIs take 100 to 200)
     * @param pageSize records per read page
     * @param maxAttempts attempts of a write that fails for a reason that may pass (a lock, a
     *     limit, a network error) before it is parked; {@code 0} (the default) never parks such a
     *     write: it is retried with a backoff of 5 s doubling to 5 minutes, shown as a failure meanwhile
     */
    public record Limits(
            @Positive @DefaultValue("200") int batchSize,
            @Positive @DefaultValue("2000") int pageSize,
            @PositiveOrZero @DefaultValue("0") int maxAttempts) {
    }

    public enum ConnectorRole { VENDOR, PARTNER }
}
