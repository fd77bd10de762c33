package io.partnersync.connector.salesforce;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.ApiQuota;
import io.partnersync.connector.CircuitBreakerStates;
import io.partnersync.connector.PayoutCopies;
import io.partnersync.connector.RateLimitPause;
import io.partnersync.connector.SchemaCheck;
import io.partnersync.sync.spi.ConnectorKind;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.ConsentFlow;
import io.partnersync.sync.spi.SourceReader;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.stereotype.Component;

/**
 * Salesforce ({@code type: salesforce}) through camel-salesforce: reads with {@code queryAll} and
 * Change Data Capture, writes with sObject Collections and Bulk API 2.0 upserts on the external id
 * that holds PartnerSync's id, and keeps to the org's daily API allowance.
 */
@Component
public class SalesforceKind implements BeanFactoryAware, ConnectorKind<SalesforceSettings> {

    public static final String KEY = "salesforce";

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
    public Class<SalesforceSettings> settingsType() {
        return SalesforceSettings.class;
    }

    @Override
    public Duration lookBack(SalesforceSettings settings) {
        return settings.lookBack();
    }

    @Override
    public String ownIdPath(SalesforceSettings settings) {
        return settings.upsertKey();
    }

    @Override
    public SourceReader reader() {
        return beans.getBean(SalesforceReader.class);
    }

    @Override
    public ConnectorWriter writer() {
        return beans.getBean(SalesforceWriter.class);
    }

    @Override
    public Optional<SchemaCheck> schemaCheck() {
        return Optional.of(beans.getBean(SalesforceDescribeCheck.class));
    }

    @Override
    public Optional<ApiQuota.Source> quota() {
        return Optional.of(beans.getBean(SalesforceLimits.class));
    }

    /** Polling is non-urgent work: it waits when the org's API usage passes the configured share, or after REQUEST_LIMIT_EXCEEDED. */
    @Override
    public Optional<String> pauseReason(ConnectorProperties connector) {
        return beans.getBean(SalesforceLimits.class).pauseReason(connector.name(), SalesforceSettings.of(connector).quotaStopShare());
    }

    /** A partner's own org connects by its admin authorizing the vendor's connected app (web server flow). */
    @Override
    public Optional<ConsentFlow> consent() {
        return Optional.of(beans.getBean(SalesforceConsent.class));
    }

    @Override
    public Optional<RateLimitPause> rateLimitPause() {
        return Optional.of(beans.getBean(SalesforceLimits.class));
    }

    @Override
    public Optional<CircuitBreakerStates> circuitBreakers() {
        return Optional.of(beans.getBean(SalesforceApi.class));
    }

    @Override
    public Optional<PayoutCopies> payoutCopies() {
        return Optional.of(beans.getBean(SalesforcePayoutCopies.class));
    }
}
