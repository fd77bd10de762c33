package io.partnersync.sandbox;

import io.partnersync.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * With the {@code sandbox} profile only: before any bean is made, empties the sandbox's own store,
 * starts the simulated CRMs and hands the connectors of {@code application-sandbox.yml} their ports
 * and credentials. Refuses to run against a configured database, so a production deployment with
 * the profile set by mistake stops instead of filling its store with sample data. Registered in
 * {@code META-INF/spring.factories}; without the profile it does nothing.
 */
public final class SandboxInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PROFILE = "sandbox";
    /** Marks a folder as the sandbox's own: only such a folder is ever emptied. */
    static final String MARKER = ".partnersync-sandbox";
    /** The simulated app's client secret per portal, which signs its webhooks. */
    private static final Map<String, String> WEBHOOK_SECRETS = Map.of("acme", "sandbox-app-secret-acme", "globex", "sandbox-app-secret-globex");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
            return;
        }
        String datasource = environment.getProperty("spring.datasource.url", "");
        if (!datasource.isBlank()) {
            throw new InvalidConfigurationException("configuration", "spring.profiles.active",
                    "expected the sandbox profile only on the embedded store; it runs simulated CRMs and writes sample data,"
                            + " and spring.datasource.url is set (a real database): remove 'sandbox' from the active profiles");
        }
        SandboxSettings settings = Binder.get(environment).bindOrCreate("partnersync.sandbox", SandboxSettings.class);
        Path postgres = fresh(settings.dataDir());
        Sandbox sandbox = Sandbox.start(settings);
        Map<String, Object> wiring = new LinkedHashMap<>();
        wiring.put("partnersync.embedded.data-dir", postgres.toString());
        wiring.put("partnersync.sandbox.ports.salesforce", sandbox.salesforce().port());
        wiring.put("partnersync.sandbox.ports.acme", sandbox.portals().get("acme").port());
        wiring.put("partnersync.sandbox.ports.globex", sandbox.portals().get("globex").port());
        // the credentials the connectors send; the simulators accept any, so these are no secrets
        wiring.put("SANDBOX_SF_CLIENT_ID", "3MVG9-sandbox-client");
        wiring.put("SANDBOX_SF_CLIENT_SECRET", "sandbox-client-secret");
        wiring.put("SANDBOX_ACME_HUBSPOT_TOKEN", "pat-sandbox-acme");
        wiring.put("SANDBOX_GLOBEX_HUBSPOT_TOKEN", "pat-sandbox-globex");
        wiring.put("SANDBOX_ACME_HUBSPOT_CLIENT_SECRET", WEBHOOK_SECRETS.get("acme"));
        wiring.put("SANDBOX_GLOBEX_HUBSPOT_CLIENT_SECRET", WEBHOOK_SECRETS.get("globex"));
        environment.getPropertySources().addFirst(new MapPropertySource("sandbox", wiring));
        context.getBeanFactory().registerSingleton("sandbox", sandbox);
        // destroyed with the singletons, after Camel and the connectors have stopped (they still log out of the simulated org)
        ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("sandbox", sandbox::close);
        // once the service listens, the portals deliver their changes to its webhook endpoint as HubSpot does (polling stays the safety net)
        context.addApplicationListener(event -> {
            if (event instanceof WebServerInitializedEvent started && started.getApplicationContext() == context) {
                sandbox.portals().forEach((partner, portal) -> portal.subscribe(
                        URI.create("http://127.0.0.1:" + started.getWebServer().getPort() + "/webhooks/hubspot/" + partner + "-hubspot"), WEBHOOK_SECRETS.get(partner)));
            }
        });
    }

    /** {@code <dataDir>/postgres}, emptied if an earlier sandbox run left it; a folder the sandbox did not make is refused. */
    static Path fresh(Path dataDir) {
        Path postgres = dataDir.resolve("postgres");
        try {
            if (Files.exists(dataDir) && !Files.exists(dataDir.resolve(MARKER))) {
                try (Stream<Path> entries = Files.list(dataDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new InvalidConfigurationException("configuration", "partnersync.sandbox.data-dir",
                                "expected a folder the sandbox made (with " + MARKER + ") or an empty one, not " + dataDir.toAbsolutePath()
                                        + ": the sandbox empties its store at every start");
                    }
                }
            }
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(MARKER), "The PartnerSync sandbox's own store: emptied at every sandbox start.\n");
            if (Files.exists(postgres)) {
                try (Stream<Path> walk = Files.walk(postgres)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                        try {
                            Files.delete(path);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty the sandbox's store in " + postgres.toAbsolutePath(), e);
        }
    }
}
