package io.partnersync.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a HubSpot connector (one partner's portal) needs beyond the common settings. The private
 * app access token is named in the connector's {@code secret-env} as {@code token}.
 *
 * @param uniqueProperty the portal's unique property holding PartnerSync's id on every object it
 *     writes; upserts go by it, so a retried batch never creates a duplicate
 * @param burstLimit the portal's request allowance per 10 seconds (100, or 190 on some plans)
 * @param limitShare the share of that allowance PartnerSync uses
 * @param lookBack how far before the saved checkpoint each incremental read starts again
 */
public record HubSpotSettings(
        @NotBlank @DefaultValue("partnersync_id") String uniqueProperty,
        @Positive @DefaultValue("100") int burstLimit,
        @DecimalMin("0.1") @DecimalMax("1.0") @DefaultValue("0.9") double limitShare,
        @jakarta.validation.constraints.NotNull @DefaultValue("PT1M") java.time.Duration lookBack) {
}
