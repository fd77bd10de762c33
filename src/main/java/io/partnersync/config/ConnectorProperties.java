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

/**
 * One connection to one CRM: the vendor's Salesforce org or one partner's HubSpot portal.
 *
 * @param name unique, lower-case, used in route ids, mapping overrides, metrics and the store
 * @param partner for a partner connector, the {@code key} of the partner it belongs to
 * @param baseUrl the API endpoint; the connector type supplies the public default when absent
 * @param secretEnv names of the environment variables that hold this connector's secrets, by
 *     purpose (for example {@code token: ACME_HUBSPOT_TOKEN}); the values never pass through here
 * @param entities which canonical entities this connector syncs
 * @param salesforce settings that only a Salesforce connector reads
 * @param hubspot settings that only a HubSpot connector reads
 * @param localSandbox the CRM is a local stand-in (a fake or a sandbox on this machine or network):
 *     its base URL may be plain http and a loopback or private address, which is refused otherwise
 */
public record ConnectorProperties(
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "expected lower-case letters, digits and '-'") String name,
        @NotNull ConnectorType type,
        @NotNull ConnectorRole role,
        String partner,
        @DefaultValue("true") boolean enabled,
        URI baseUrl,
        @DefaultValue Map<String, String> secretEnv,
        @NotNull @DefaultValue("PT1M") Duration pollInterval,
        @NotEmpty Set<EntityType> entities,
        @Valid @DefaultValue Limits limits,
        @Valid @DefaultValue SalesforceSettings salesforce,
        @Valid @DefaultValue HubSpotSettings hubspot,
        @DefaultValue("false") boolean localSandbox) {

    public boolean syncs(EntityType type) {
        return enabled && entities.contains(type);
    }

    /**
     * Where a record PartnerSync wrote to this CRM carries PartnerSync's id (the field it upserts
     * by), as a path into the record as read: reading our own write back resolves to that record.
     */
    public String ownIdPath() {
        return switch (type) {
            case SALESFORCE -> salesforce.upsertKey();
            case HUBSPOT -> "properties." + hubspot.uniqueProperty();
        };
    }

    /**
     * @param batchSize records per write call (Salesforce collections take 200, HubSpot batches 100)
     * @param pageSize records per read page
     * @param maxAttempts attempts of a write that fails for a reason that may pass (a lock, a
     *     limit, a network error) before it is parked; {@code 0} (the default) never parks such a
     *     write: it is retried with a backoff of 5 s doubling to 5 minutes, shown as a failure meanwhile
     */
    public record Limits(
            @Positive @DefaultValue("200") int batchSize,
            @Positive @DefaultValue("2000") int pageSize,
            @jakarta.validation.constraints.PositiveOrZero @DefaultValue("0") int maxAttempts) {
    }

    public enum ConnectorType { SALESFORCE, HUBSPOT }

    public enum ConnectorRole { VENDOR, PARTNER }
}
