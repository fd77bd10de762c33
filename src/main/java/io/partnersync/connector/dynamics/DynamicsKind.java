package io.partnersync.connector.dynamics;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.ApiQuota;
import io.partnersync.connector.RateLimitPause;
import io.partnersync.connector.SchemaCheck;
import io.partnersync.sync.spi.ConnectorKind;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.ConsentFlow;
import io.partnersync.sync.spi.SourceReader;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.stereotype.Component;

/**
 * The {@code dynamics} connector kind: a partner's Microsoft Dynamics 365 / Dataverse environment.
 * Reads by change tracking (delta links, deletions included), writes by the alternate key
 * {@code partnersync_id} with {@code UpsertMultiple}, authenticates with Entra ID client credentials.
 * Made before the other beans (for the configuration check), so it looks its parts up when asked.
 */
@Component
public class DynamicsKind implements ConnectorKind<DynamicsSettings>, BeanFactoryAware {

    public static final String KEY = "dynamics";

    private BeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beans = beanFactory;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<DynamicsSettings> settingsType() {
        return DynamicsSettings.class;
    }

    /** Change tracking reports a change once it is committed: nothing shows up late, so no read looks back. */
    @Override
    public Duration lookBack(DynamicsSettings settings) {
        return Duration.ZERO;
    }

    @Override
    public String ownIdPath(DynamicsSettings settings) {
        return settings.key();
    }

    @Override
    public SourceReader reader() {
        return beans.getBean(DynamicsReader.class);
    }

    @Override
    public ConnectorWriter writer() {
        return beans.getBean(DynamicsWriter.class);
    }

    @Override
    public Optional<SchemaCheck> schemaCheck() {
        return Optional.of(beans.getBean(DynamicsSchemaCheck.class));
    }

    @Override
    public Optional<ApiQuota.Source> quota() {
        return Optional.of(beans.getBean(DynamicsClients.class));
    }

    /** A 429's wait: no poll until it is over (each request sent while throttled makes it longer). */
    /** An environment connects by its tenant's administrator granting the vendor's app admin consent. */
    @Override
    public Optional<ConsentFlow> consent() {
        return Optional.of(beans.getBean(DynamicsConsent.class));
    }

    @Override
    public Optional<String> pauseReason(ConnectorProperties connector) {
        return beans.getBean(DynamicsClients.class).pauseReason(connector.name());
    }

    @Override
    public Optional<RateLimitPause> rateLimitPause() {
        return Optional.of(beans.getBean(DynamicsClients.class));
    }
}
