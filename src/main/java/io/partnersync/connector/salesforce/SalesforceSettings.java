package io.partnersync.connector.salesforce;

import io.partnersync.canonical.EntityType;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;
import io.partnersync.config.ConnectorProperties;
import jakarta.validation.constraints.Positive;
import java.util.Set;

/**
 * What a Salesforce connector needs beyond the common connector settings. Secrets are named in the
 * connector's {@code secret-env}: {@code client-id}, {@code client-secret}, and for the
 * username-password flow {@code username} and {@code password}; for JWT {@code username} and
 * {@code keystore-password}.
 *
 * @param auth which OAuth 2.0 flow logs in
 * @param apiVersion REST API version, e.g. {@code 62.0}
 * @param lookBack how far before the saved checkpoint each incremental read starts again, because
 *     SystemModstamp is not unique and Salesforce can show a change a little late
 * @param upsertKey the external-id field that holds PartnerSync's id on every written object
 * @param where per entity, a SOQL condition selecting which records belong to it (for example
 *     {@code IsPartner = true} for partner accounts)
 * @param quotaStopShare share of the daily API allowance after which non-urgent work (polling)
 *     pauses until usage drops
 * @param keystore path of the PKCS#12 keystore with the JWT signing key (JWT flow only)
 * @param changeEvents entities whose Change Data Capture events are subscribed to, for changes in
 *     seconds; polling stays as the safety net
 * @param bulkThreshold writes of more records than this (per entity, per relay run) go through one
 *     Bulk API 2.0 job instead of sObject Collections calls of 200
 */
public record SalesforceSettings(
        @NotNull @DefaultValue("client-credentials") Auth auth,
        @NotBlank @Pattern(regexp = "\\d+\\.0", message = "expected an API version such as 62.0") @DefaultValue("62.0") String apiVersion,
        @NotNull @DefaultValue("PT2M") Duration lookBack,
        @NotBlank @DefaultValue("PartnerSync_Id__c") String upsertKey,
        @DefaultValue Map<EntityType, String> where,
        @DecimalMin("0.1") @DecimalMax("1.0") @DefaultValue("0.9") double quotaStopShare,
        String keystore,
        @Positive @DefaultValue("2000") int bulkThreshold,
        @DefaultValue Set<EntityType> changeEvents) {

    public enum Auth { CLIENT_CREDENTIALS, USERNAME_PASSWORD, JWT, REFRESH_TOKEN }

    /** The settings of a salesforce connector. */
    public static SalesforceSettings of(ConnectorProperties connector) {
        return connector.settings(SalesforceSettings.class);
    }
}
