package io.partnersync.config;

import io.partnersync.sync.spi.ConnectorKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Gives each configured connector its kind's own settings: the block named after the kind's key
 * ({@code partnersync.connectors[n].<key>}) bound to the kind's settings record, once, as the
 * settings are made. {@link ConfigurationCheck} has validated the same blocks before any bean was
 * made, so a value that is wrong never gets here.
 */
@Component
public class KindSettingsBinder implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware {

    private BeanFactory beans;
    private Environment environment;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PartnerSyncProperties properties) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<ConnectorKind<?>> kinds = (List) beans.getBeanProvider(ConnectorKind.class).stream().toList();
            return bind(properties, Binder.get(environment), kinds);
        }
        return bean;
    }

    /** {@code properties} with every connector's kind settings bound; a connector of an unknown kind is left without. */
    public static PartnerSyncProperties bind(PartnerSyncProperties properties, Binder binder, Collection<ConnectorKind<?>> kinds) {
        List<ConnectorProperties> connectors = new ArrayList<>();
        for (int i = 0; i < properties.connectors().size(); i++) {
            ConnectorProperties connector = properties.connectors().get(i);
            String prefix = "partnersync.connectors[" + i + "].";
            connectors.add(kinds.stream().filter(k -> k.key().equals(connector.type())).findFirst()
                    .map(kind -> connector.withKindSettings(binder.bindOrCreate(prefix + kind.key(), Bindable.of(kind.settingsType()))))
                    .orElse(connector));
        }
        return properties.withConnectors(connectors);
    }
}
