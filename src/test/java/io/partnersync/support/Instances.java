package io.partnersync.support;

import io.partnersync.PartnerSyncApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Service instances a test starts itself (several on one database, or one stopped and started
 * again), each a whole application context with the test profile; all are stopped after each test.
 * Use as {@code @RegisterExtension final Instances instances = new Instances();}.
 */
public final class Instances implements AfterEachCallback {

    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    /** @param settings given as command-line arguments: they win over application-test.yml, as an admin's would */
    public ConfigurableApplicationContext start(Map<String, Object> settings) {
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(PartnerSyncApplication.class).profiles("test")
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        running.add(instance);
        return instance;
    }

    /** The settings of an instance on {@code database}: its own free port, no connectors yet. */
    public static Map<String, Object> on(String database) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("spring.datasource.url", database);
        settings.put("spring.datasource.username", "postgres");
        settings.put("server.port", "0");
        return settings;
    }

    /**
     * The timers as a test that watches the service work on its own wants them: polls and relays
     * looked for every 300 ms from the start, the stored connections read again every second.
     */
    public static Map<String, Object> working(Map<String, Object> settings) {
        settings.put("partnersync.poll.enabled", "true");
        settings.put("partnersync.poll.initial-delay", "0");
        settings.put("partnersync.poll.period", "300");
        settings.put("partnersync.relay.enabled", "true");
        settings.put("partnersync.relay.initial-delay", "0");
        settings.put("partnersync.relay.period", "300");
        settings.put("partnersync.connections.refresh", "PT1S");
        return settings;
    }

    /** Adds the vendor Salesforce connector {@code vendor-sf} at index 0, a local sandbox at {@code url}, with its client credentials. */
    public static void salesforceVendor(Map<String, Object> settings, String url, String entities) {
        String sf = "partnersync.connectors[0].";
        settings.put(sf + "name", "vendor-sf");
        settings.put(sf + "type", "salesforce");
        settings.put(sf + "role", "vendor");
        settings.put(sf + "base-url", url);
        settings.put(sf + "local-sandbox", "true");
        settings.put(sf + "entities", entities);
        settings.put(sf + "secret-env.client-id", "INSTANCE_SF_CLIENT_ID");
        settings.put(sf + "secret-env.client-secret", "INSTANCE_SF_CLIENT_SECRET");
        settings.put("INSTANCE_SF_CLIENT_ID", "3MVG9-instance");
        settings.put("INSTANCE_SF_CLIENT_SECRET", "secret-of-instance");
    }

    /** Adds partner HubSpot connector {@code <partner>-hubspot} at {@code index}, a local sandbox at {@code url}, with its token. */
    public static void hubspotPartner(Map<String, Object> settings, int index, String partner, String url, String entities) {
        String hs = "partnersync.connectors[" + index + "].";
        String token = "INSTANCE_" + partner.toUpperCase(java.util.Locale.ROOT) + "_TOKEN";
        settings.put(hs + "name", partner + "-hubspot");
        settings.put(hs + "type", "hubspot");
        settings.put(hs + "role", "partner");
        settings.put(hs + "partner", partner);
        settings.put(hs + "base-url", url);
        settings.put(hs + "local-sandbox", "true");
        settings.put(hs + "entities", entities);
        settings.put(hs + "secret-env.token", token);
        settings.put(token, "pat-test-" + partner);
    }

    public ConfigurableApplicationContext get(int index) {
        return running.get(index);
    }

    public void stop(ConfigurableApplicationContext instance) {
        instance.close();
        running.remove(instance);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        running.forEach(ConfigurableApplicationContext::close);
        running.clear();
    }
}
