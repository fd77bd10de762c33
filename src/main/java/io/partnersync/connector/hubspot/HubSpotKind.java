package io.partnersync.connector.hubspot;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.ApiQuota;
import io.partnersync.connector.PayoutCopies;
import io.partnersync.connector.RateLimitPause;
import io.partnersync.connector.SchemaCheck;
import io.partnersync.sync.spi.ConnectorKind;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.ConsentFlow;
import io.partnersync.sync.spi.SourceReader;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.stereotype.Component;

/**
 * HubSpot as a partner CRM: one connector per partner portal ({@code type: hubspot}), reading by
 * CRM search and webhooks, writing by batch upsert on the unique property that holds PartnerSync's
 * id, with the portal's own rate limits.
 */
@Component
public class HubSpotKind implements BeanFactoryAware, ConnectorKind<HubSpotSettings> {

    public static final String KEY = "hubspot";

    /** Made early, for the configuration check, so its parts are looked up when first asked for. */
    private BeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<HubSpotSettings> settingsType() {
        return HubSpotSettings.class;
    }

    @Override
    public Duration lookBack(HubSpotSettings settings) {
        return settings.lookBack();
    }

    @Override
    public String ownIdPath(HubSpotSettings settings) {
        return "properties." + settings.uniqueProperty();
    }

    /** A portal's record keeps its fields under {@code properties.}; other paths (associations) are not written as fields. */
    @Override
    public String writtenField(String mappingPath) {
        String field = mappingPath.startsWith("properties.") ? mappingPath.substring("properties.".length()) : mappingPath;
        return field.contains(".") ? null : field;
    }

    @Override
    public SourceReader reader() {
        return beans.getBean(HubSpotReader.class);
    }

    @Override
    public ConnectorWriter writer() {
        return beans.getBean(HubSpotWriter.class);
    }

    @Override
    public Optional<SchemaCheck> schemaCheck() {
        return Optional.of(beans.getBean(HubSpotPropertiesCheck.class));
    }

    @Override
    public Optional<ConsentFlow> consent() {
        return Optional.of(beans.getBean(HubSpotConsent.class));
    }

    @Override
    public Optional<ApiQuota.Source> quota() {
        return Optional.of(beans.getBean(HubSpotUsage.class));
    }

    @Override
    public Optional<RateLimitPause> rateLimitPause() {
        return Optional.of(beans.getBean(HubSpotClients.class));
    }

    @Override
    public Optional<String> startRefusal(ConnectorProperties connector) {
        return beans.getBean(HubSpotSchemaCheck.class).refusal(connector);
    }

    @Override
    public Optional<PayoutCopies> payoutCopies() {
        return Optional.of(beans.getBean(HubSpotPayoutCopies.class));
    }

    @Override
    public Set<String> globalSettings() {
        return Set.of("partnersync.hubspot.check-properties", "partnersync.hubspot.webhook-max-bytes", "partnersync.hubspot.webhook-event-retention");
    }
}
