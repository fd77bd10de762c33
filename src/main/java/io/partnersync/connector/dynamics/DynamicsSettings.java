package io.partnersync.connector.dynamics;

import io.partnersync.config.ConnectorProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a Dynamics 365 / Dataverse connector (one partner's environment) needs beyond the common
 * settings; its {@code base-url} is the environment ({@code https://<org>.crm.dynamics.com}).
 * Secrets, named in the connector's {@code secret-env}: the Entra ID app registration's
 * {@code client-id} and {@code client-secret} (an application user in the environment).
 *
 * @param tenant the Entra ID tenant (its id or a verified domain) the app registration belongs to
 * @param authority Entra ID's login endpoint, before the tenant
 * @param apiVersion the Web API version
 * @param pageSize rows per page of a read ({@code odata.maxpagesize}; Dataverse's maximum is 5,000)
 * @param batchSize rows per {@code UpsertMultiple} call
 * @param key the alternate key column holding PartnerSync's id on every table PartnerSync writes
 * @param tables the logical name of each table by its entity set, for a set whose name is not the
 *     table's plural (a custom table's entity set can be renamed)
 */
public record DynamicsSettings(
        @NotBlank(message = "expected the Entra ID tenant of the environment's app registration (its id or domain)") @DefaultValue("") String tenant,
        @NotBlank @Pattern(regexp = "https://.+/", message = "expected an https URL ending in '/'") @DefaultValue("https://login.microsoftonline.com/") String authority,
        @NotBlank @Pattern(regexp = "\\d+\\.\\d+", message = "expected a Web API version such as 9.2") @DefaultValue("9.2") String apiVersion,
        @Positive @Max(5000) @DefaultValue("5000") int pageSize,
        @Positive @Max(1000) @DefaultValue("500") int batchSize,
        @NotBlank @DefaultValue("partnersync_id") String key,
        @DefaultValue Map<String, String> tables) {

    private static final Map<String, String> STANDARD = Map.of("leads", "lead", "opportunities", "opportunity", "partnersync_payouts", "partnersync_payout");

    /** The settings of a dynamics connector. */
    public static DynamicsSettings of(ConnectorProperties connector) {
        return connector.settings(DynamicsSettings.class);
    }

    /** The logical name of the table behind an entity set ({@code leads} is {@code lead}). */
    String table(String entitySet) {
        return tables.getOrDefault(entitySet, STANDARD.getOrDefault(entitySet, entitySet.replaceAll("s$", "")));
    }
}
