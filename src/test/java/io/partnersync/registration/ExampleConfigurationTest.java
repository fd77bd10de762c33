package io.partnersync.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.connector.hubspot.HubSpotSettings;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.registration.policy.RegistrationRules;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

@DisplayName("The example configuration in config/partnersync.example.yml")
class ExampleConfigurationTest {

    @Test
    @DisplayName("binds, and its registration rules are valid")
    void binds() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("example", new FileSystemResource("config/partnersync.example.yml"))
                .forEach(environment.getPropertySources()::addFirst);
        Binder binder = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));

        PartnerSyncProperties properties = io.partnersync.config.KindSettingsBinder.bind(binder.bindOrCreate("partnersync", PartnerSyncProperties.class),
                binder, io.partnersync.ValidateCommand.kinds());
        RegistrationRules rules = binder.bindOrCreate("partnersync.governance.registration", RegistrationSettings.class).rules();

        assertThat(properties.connector("globex-hubspot")).get().extracting(c -> HubSpotSettings.of(c).auth()).isEqualTo(HubSpotSettings.Auth.OAUTH);
        assertThat(rules.extensionDays()).isEqualTo(30);
        assertThat(rules.productLines()).containsEntry("firewall x200", "network-security");
        assertThat(rules.tiers().get(PartnerTier.GOLD).autoApproveBelow()).isEqualByComparingTo("100000");
        assertThat(rules.tiers()).hasSize(4);
        var payouts = binder.bindOrCreate("partnersync.payouts", io.partnersync.payout.PayoutSettings.class);
        assertThat(payouts.rebatePercent().get("gold")).containsEntry("network-security", new java.math.BigDecimal("3.5"));
        assertThat(payouts.spiffs()).singleElement().satisfies(spiff -> {
            assertThat(spiff.product()).isEqualTo("Firewall X200");
            assertThat(spiff.amount()).isEqualByComparingTo("250");
        });
        assertThat(payouts.rounding()).isEqualTo(java.math.RoundingMode.HALF_EVEN);
        assertThat(properties.connector("vendor-sf")).get().extracting(c -> io.partnersync.connector.salesforce.SalesforceSettings.of(c).where().get(io.partnersync.canonical.EntityType.PARTNER))
                .isEqualTo("IsPartner = true");
    }
}
