package io.partnersync.connector.hubspot;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.bind.DefaultValue;
import io.partnersync.config.ConnectorProperties;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * What a HubSpot connector (one partner's portal) needs beyond the common settings.
 *
 * <p>Secrets, named in the connector's {@code secret-env}: with {@code auth: private-app} the
 * access token as {@code token}; with {@code auth: oauth} the app's {@code client-id},
 * {@code client-secret} and the portal's {@code refresh-token}. Webhooks are signed with the app's
 * {@code client-secret} in both cases.
 *
 * @param auth how PartnerSync authenticates to the portal
 * @param uniqueProperty the portal's unique property holding PartnerSync's id on every object it
 *     writes; upserts go by it, so a retried batch never creates a duplicate
 * @param burstLimit the portal's request allowance per 10 seconds (100, or 190 on some plans)
 * @param limitShare the share of that allowance PartnerSync uses
 * @param lookBack how far before the saved checkpoint each incremental read starts again
 * @param searchPerSecond CRM search requests per second (HubSpot allows 5 per second per account
 *     for search, on top of and counted apart from the burst limit)
 * @param associate whether written deals and contacts are associated with the customer's company
 *     in the portal (deal to company to contact, v4 batch associations)
 */
public record HubSpotSettings(
        @NotNull @DefaultValue("private-app") Auth auth,
        @NotBlank @DefaultValue("partnersync_id") String uniqueProperty,
        @Positive @DefaultValue("100") int burstLimit,
        @DecimalMin("0.1") @DecimalMax("1.0") @DefaultValue("0.9") double limitShare,
        @NotNull @DefaultValue("PT1M") Duration lookBack,
        @Positive @DefaultValue("4") int searchPerSecond,
        @DefaultValue("true") boolean associate) {

    /** A private app's static access token, or OAuth 2.0 with a refresh token. */
    public enum Auth { PRIVATE_APP, OAUTH }

    /** The settings of a hubspot connector. */
    public static HubSpotSettings of(ConnectorProperties connector) {
        return connector.settings(HubSpotSettings.class);
    }
}
