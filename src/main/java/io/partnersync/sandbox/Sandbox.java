package io.partnersync.sandbox;

import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running sandbox: the simulated org and portals, and the story its scripted users play. */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    /** An injected slow answer (none are injected unless asked) takes longer than the connectors' timeouts. */
    private static final Duration SLOW = Duration.ofSeconds(31);

    private final SalesforceSimulator salesforce;
    private final Map<String, HubSpotSimulator> portals;
    private final SandboxStory story;
    private final ScheduledExecutorService clock;
    private SandboxLock lock;

    private Sandbox(SandboxSettings settings) {
        Duration lag = settings.visibilityLag();
        this.salesforce = new SalesforceSimulator(settings.ports().salesforce(), lag, SLOW);
        HubSpotSimulator acme = null;
        try {
            acme = new HubSpotSimulator("acme", settings.ports().acme(), 10_000_000_000L, lag, SLOW);
            HubSpotSimulator globex = new HubSpotSimulator("globex", settings.ports().globex(), 20_000_000_000L, lag, SLOW);
            this.portals = Map.of("acme", acme, "globex", globex);
        } catch (RuntimeException e) {
            // a port taken: stop what listens already, or its server thread keeps the process alive
            salesforce.close();
            if (acme != null) {
                acme.close();
            }
            throw e;
        }
        HubSpotSimulator acmePortal = portals.get("acme");
        HubSpotSimulator globex = portals.get("globex");
        this.story = new SandboxStory(salesforce, acmePortal, globex);
        this.clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-story");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the simulators on their ports, seeds the org, and lets the story run; {@code lock} is released when it closes. */
    static Sandbox start(SandboxSettings settings, SandboxLock lock) {
        Sandbox sandbox = new Sandbox(settings);
        sandbox.lock = lock;
        sandbox.story.seed();
        sandbox.clock.scheduleWithFixedDelay(() -> {
            try {
                sandbox.story.step();
            } catch (RuntimeException e) {
                log.warn("Sandbox story step failed (it tries again): {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
        log.info("Sandbox: simulated Salesforce org at {}, Acme's HubSpot portal at {}, Globex's at {}", sandbox.salesforce.url(),
                sandbox.portals.get("acme").url(), sandbox.portals.get("globex").url());
        return sandbox;
    }

    public SalesforceSimulator salesforce() {
        return salesforce;
    }

    /** The partner portals by partner key ({@code acme}, {@code globex}). */
    public Map<String, HubSpotSimulator> portals() {
        return portals;
    }

    /** The HubSpot id of the seeded bad deal in Globex's portal, once the story has made it (else {@code null}). */
    public String badDeal() {
        return story.badDeal();
    }

    @Override
    public void close() {
        clock.shutdownNow();
        salesforce.close();
        portals.values().forEach(HubSpotSimulator::close);
        if (lock != null) {
            lock.close();
        }
    }
}
