package io.partnersync.sandbox;

import io.partnersync.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With the {@code sandbox} profile only: before any bean is made, empties the sandbox's own store,
 * starts the simulated CRMs and hands the connectors of {@code application-sandbox.yml} their ports
 * and credentials. Refuses to run against a configured database, so a production deployment with
 * the profile set by mistake stops instead of filling its store with sample data. Registered in
 * {@code META-INF/spring.factories}; without the profile it does nothing.
 */
public final class SandboxInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PROFILE = "sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxInitializer.class);
    /** Marks a folder as the sandbox's own: only such a folder is ever emptied. */
    static final String MARKER = ".partnersync-sandbox";

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
        Path own = settings.dataDir().resolve("postgres").toAbsolutePath().normalize();
        Path configured = Path.of(environment.getProperty("partnersync.embedded.data-dir", "data/postgres")).toAbsolutePath().normalize();
        if (own.equals(configured)) {
            throw new InvalidConfigurationException("configuration", "partnersync.sandbox.data-dir",
                    "expected a folder of the sandbox's own, not " + settings.dataDir() + ": its 'postgres' folder is the service's own store"
                            + " (partnersync.embedded.data-dir, " + configured + "), and the sandbox empties its store at every start");
        }
        SandboxLock lock = SandboxLock.take(settings.dataDir());
        Sandbox sandbox = null;
        try {
            Path postgres = fresh(settings.dataDir());
            sandbox = Sandbox.start(settings, lock);
            Map<String, Object> wiring = wiring(sandbox, postgres);
            // the store is emptied at every start, so a key of this start's own keeps the invited partner's credentials encrypted
            if (environment.getProperty("PARTNERSYNC_SECRET_KEY") == null) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                wiring.put("PARTNERSYNC_SECRET_KEY", java.util.Base64.getEncoder().encodeToString(key));
            }
            wiring.put("SANDBOX_HUBSPOT_APP_CLIENT_ID", "sandbox-hubspot-app");
            wiring.put("SANDBOX_HUBSPOT_APP_CLIENT_SECRET", "sandbox-hubspot-app-secret");
            environment.getPropertySources().addFirst(new MapPropertySource("sandbox", wiring));
            pointsAtTheSimulators(environment, sandbox);
        } catch (RuntimeException e) {
            // nothing may keep listening or hold the folder when the start is refused
            if (sandbox != null) {
                sandbox.close();
            } else {
                lock.close();
            }
            throw e;
        }
        Sandbox started = sandbox;
        context.getBeanFactory().registerSingleton("sandbox", started);
        // destroyed with the singletons, after Camel and the connectors have stopped (they still log out of the simulated org)
        ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("sandbox", started::close);
        // once the service listens, each CRM that pushes its changes delivers them to the service as the real one does (polling stays the safety net)
        Map<String, List<String>> connectorsByUrl = connectorsByUrl(environment);
        context.addApplicationListener(event -> {
            if (event instanceof WebServerInitializedEvent server && server.getApplicationContext() == context) {
                URI service = URI.create("http://127.0.0.1:" + server.getWebServer().getPort() + "/");
                started.crms().forEach(crm -> connectorsByUrl.getOrDefault(crm.url(), List.of()).forEach(connector -> crm.deliverChangesTo(service, connector)));
                log.info("Sandbox: the sync health page is http://127.0.0.1:{}/ (the README's Sandbox section says what to look at and what to try)",
                        server.getWebServer().getPort());
            }
            if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == context && started.partners().containsKey(SandboxInvitation.NEWCOMER)) {
                SandboxInvitation.start(context, started.settings().dataDir());
            }
        });
    }

    private static Map<String, Object> wiring(Sandbox sandbox, Path postgres) {
        Map<String, Object> wiring = new LinkedHashMap<>();
        wiring.put("partnersync.embedded.data-dir", postgres.toString());
        // each CRM's port, and the credentials its connectors send as SANDBOX_<CRM>_<KEY> (the simulators accept any, so these are no secrets)
        wiring.put("partnersync.sandbox.vendor.port", sandbox.vendor().port());
        sandbox.vendor().credentials().forEach((key, value) -> wiring.put(variable("vendor", key), value));
        sandbox.partners().forEach((partner, crm) -> {
            wiring.put("partnersync.sandbox.partners." + partner + ".port", crm.port());
            crm.credentials().forEach((key, value) -> wiring.put(variable(partner, key), value));
        });
        return wiring;
    }

    /** {@code SANDBOX_ACME_CLIENT_SECRET} for partner {@code acme}'s {@code client-secret}. */
    static String variable(String crm, String key) {
        return ("SANDBOX_" + crm + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The configured connectors' names by the base URL they talk to. */
    private static Map<String, List<String>> connectorsByUrl(ConfigurableEnvironment environment) {
        Map<String, List<String>> byUrl = new LinkedHashMap<>();
        for (int i = 0; environment.getProperty("partnersync.connectors[" + i + "].name") != null; i++) {
            byUrl.computeIfAbsent(environment.getProperty("partnersync.connectors[" + i + "].base-url", "").replaceAll("/+$", ""),
                    url -> new ArrayList<>()).add(environment.getProperty("partnersync.connectors[" + i + "].name"));
        }
        return byUrl;
    }

    /**
     * Every configured connector must talk to a simulator: a connector an environment variable or
     * another file set to a real CRM would otherwise fill a real org or portal from an emptied store.
     */
    static void pointsAtTheSimulators(ConfigurableEnvironment environment, Sandbox sandbox) {
        Set<String> simulators = new HashSet<>();
        sandbox.crms().forEach(crm -> simulators.add(crm.url()));
        for (int i = 0; environment.getProperty("partnersync.connectors[" + i + "].name") != null; i++) {
            String key = "partnersync.connectors[" + i + "].base-url";
            String url = environment.getProperty(key, "").replaceAll("/+$", "");
            if (!simulators.contains(url)) {
                throw new InvalidConfigurationException("configuration", key,
                        "expected a simulated CRM of the sandbox (" + String.join(", ", new TreeSet<>(simulators)) + "), not '" + url
                                + "': with the sandbox profile every connector talks to its simulators only");
            }
        }
    }

    /** {@code <dataDir>/postgres}, emptied if an earlier sandbox run left it; a folder the sandbox did not make is refused. */
    static Path fresh(Path dataDir) {
        Path postgres = dataDir.resolve("postgres");
        try {
            if (Files.exists(dataDir) && !Files.exists(dataDir.resolve(MARKER))) {
                try (Stream<Path> entries = Files.list(dataDir)) {
                    if (entries.anyMatch(entry -> !entry.getFileName().toString().equals("sandbox.lock"))) {
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
