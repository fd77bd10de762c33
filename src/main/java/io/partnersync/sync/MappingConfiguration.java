package io.partnersync.sync;

import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.mapping.MappingRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mappings of every configured connector, each knowing from its kind which fields its CRM lets PartnerSync write. */
@Configuration(proxyBeanMethods = false)
public class MappingConfiguration {

    @Bean
    MappingRegistry mappingRegistry(PartnerSyncProperties properties, ConnectorKinds kinds) {
        Map<String, UnaryOperator<String>> writtenFields = new HashMap<>();
        kinds.all().forEach(kind -> writtenFields.put(kind.key(), kind::writtenField));
        return new MappingRegistry(properties, writtenFields);
    }
}
