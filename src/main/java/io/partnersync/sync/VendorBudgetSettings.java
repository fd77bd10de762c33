package io.partnersync.sync;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the vendor CRM's daily API allowance is shared between partners ({@code partnersync.vendor-budget}).
 *
 * @param enabled whether partners' writes to the vendor CRM are held to their share
 * @param reserve the share of the allowance PartnerSync never uses: left for the vendor's own tools
 * @param borrowUntil a partner past its fair share goes on only while more than this share of
 *     PartnerSync's part of the allowance is left; below it, the rest is for partners within theirs
 */
@Validated
@ConfigurationProperties("partnersync.vendor-budget")
public record VendorBudgetSettings(
        @DefaultValue("true") boolean enabled,
        @DecimalMin("0.0") @DecimalMax("0.9") @DefaultValue("0.1") double reserve,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double borrowUntil) {
}
