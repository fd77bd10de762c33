package io.partnersync.sandbox;

import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.sandbox.simulator.PartnerCrm;
import io.partnersync.sandbox.simulator.SimulatedCrm;
import io.partnersync.sandbox.simulator.SimulatedCrms;
import io.partnersync.sandbox.simulator.VendorCrm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running sandbox: the simulated vendor CRM and partner CRMs of its settings, and the story its scripted users play. */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    /** An injected slow answer (none are injected unless asked) takes longer than the connectors' timeouts. */
    private static final Duration SLOW = Duration.ofSeconds(31);
    /** Each partner CRM's ids start at a multiple of this, so no two share one. */
    private static final long ID_SPACE = 10_000_000_000L;

    private final SandboxSettings settings;
    private final VendorCrm vendor;
    private final Map<String, PartnerCrm> partners;
    private final SandboxStory story;
    private final ScheduledExecutorService clock;
    private SandboxLock lock;

    private Sandbox(SandboxSettings settings, VendorCrm vendor, Map<String, PartnerCrm> partners) {
        this.settings = settings;
        this.vendor = vendor;
        this.partners = partners;
        this.story = new SandboxStory(vendor, partners);
        this.clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-story");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the simulators on their ports, seeds the vendor's CRM, and lets the story run; {@code lock} is released when it closes. */
    static Sandbox start(SandboxSettings settings, SandboxLock lock) {
        Sandbox sandbox = simulate(settings);
        sandbox.lock = lock;
        sandbox.story.seed();
        sandbox.clock.scheduleWithFixedDelay(() -> {
            try {
                sandbox.story.step();
            } catch (RuntimeException e) {
                log.warn("Sandbox story step failed (it tries again): {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
        StringBuilder partners = new StringBuilder();
        sandbox.partners.forEach((key, crm) -> partners.append(", ").append(key).append("'s ").append(settings.partners().get(key).kind())
                .append(" at ").append(crm.url()));
        log.info("Sandbox: the vendor's simulated {} at {}{}", settings.vendor().kind(), sandbox.vendor.url(), partners);
        return sandbox;
    }

    private static Sandbox simulate(SandboxSettings settings) {
        if (settings.vendor() == null || settings.vendor().kind() == null) {
            throw new InvalidConfigurationException("configuration", "partnersync.sandbox.vendor.kind",
                    "expected the kind of the vendor's simulated CRM (application-sandbox.yml sets it)");
        }
        for (String story : SandboxStory.PARTNERS) {
            if (!settings.partners().containsKey(story) || settings.partners().get(story).kind() == null) {
                throw new InvalidConfigurationException("configuration", "partnersync.sandbox.partners." + story + ".kind",
                        "expected the kind of " + story + "'s simulated CRM: the sandbox's story plays partners " + SandboxStory.PARTNERS);
            }
        }
        Duration lag = settings.visibilityLag();
        List<SimulatedCrm> started = new ArrayList<>();
        try {
            VendorCrm vendor = started(started, SimulatedCrms.vendor(settings.vendor().kind(), settings.vendor().port(), lag, SLOW));
            Map<String, PartnerCrm> partners = new LinkedHashMap<>();
            long firstId = ID_SPACE;
            // in the order of the partners' keys, so each CRM's ids are the same at every start (the README's examples name them)
            for (var partner : new java.util.TreeMap<>(settings.partners()).entrySet()) {
                partners.put(partner.getKey(), started(started, SimulatedCrms.partner(partner.getValue().kind(), partner.getKey(),
                        partner.getValue().port(), firstId, lag, SLOW)));
                firstId += ID_SPACE;
            }
            return new Sandbox(settings, vendor, Map.copyOf(partners));
        } catch (IllegalArgumentException e) {
            started.forEach(SimulatedCrm::close);
            throw new InvalidConfigurationException("configuration", "partnersync.sandbox", e.getMessage());
        } catch (RuntimeException e) {
            // a port taken: stop what listens already, or its server thread keeps the process alive
            started.forEach(SimulatedCrm::close);
            throw e;
        }
    }

    private static <C extends SimulatedCrm> C started(List<SimulatedCrm> started, C crm) {
        started.add(crm);
        return crm;
    }

    public VendorCrm vendor() {
        return vendor;
    }

    /** The partners' CRMs by partner key. */
    public Map<String, PartnerCrm> partners() {
        return partners;
    }

    /** Every simulated CRM, the vendor's first. */
    List<SimulatedCrm> crms() {
        List<SimulatedCrm> all = new ArrayList<>();
        all.add(vendor);
        all.addAll(partners.values());
        return all;
    }

    SandboxSettings settings() {
        return settings;
    }

    /** The id of the seeded bad deal in Globex's CRM, once the story has made it (else {@code null}). */
    public String badDeal() {
        return story.badDeal();
    }

    @Override
    public void close() {
        clock.shutdownNow();
        crms().forEach(SimulatedCrm::close);
        if (lock != null) {
            lock.close();
        }
    }
}
