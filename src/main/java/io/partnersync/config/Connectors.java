package io.partnersync.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The connectors this instance works with now: those of the configuration file, then the
 * connections kept in the store (partners that connected their CRM at runtime), by name. The
 * configured ones never change while the service runs; the stored ones are replaced as a whole
 * each time the store's list changes ({@link #replaceStored}), and every {@link Listener} hears
 * which connectors came and went, so that routes, mappings, health and the kinds' clients follow
 * without a restart. A changed connector is heard as removed, then added. Thread-safe: readers see
 * one whole list, never a half-applied change.
 */
// the bean name "connectors" is the health component's (/actuator/health/connectors)
@Component("liveConnectors")
public class Connectors {

    private static final Logger log = LoggerFactory.getLogger(Connectors.class);

    /** Hears connectors come and go; called on the thread that applied the change, after {@link #all()} shows it. */
    public interface Listener {
        default void added(ConnectorProperties connector) {
        }

        default void removed(ConnectorProperties connector) {
        }
    }

    private final List<ConnectorProperties> configured;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, ConnectorProperties> stored = Map.of();
    private volatile List<ConnectorProperties> all;

    public Connectors(PartnerSyncProperties properties) {
        this.configured = List.copyOf(properties.connectors());
        this.all = configured;
    }

    /** Every connector, configured first, enabled or not. */
    public List<ConnectorProperties> all() {
        return all;
    }

    public Optional<ConnectorProperties> find(String name) {
        for (ConnectorProperties connector : all) {
            if (connector.name().equals(name)) {
                return Optional.of(connector);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a connector of the configuration file (not changeable at runtime). */
    public boolean isConfigured(String name) {
        return configured.stream().anyMatch(c -> c.name().equals(name));
    }

    /** Whether {@code name} is a connection kept in the store. */
    public boolean isStored(String name) {
        return stored.containsKey(name);
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Makes {@code connections} the stored connectors (a name of the configuration file among them
     * is left out: the file wins) and tells the listeners what changed.
     */
    public void replaceStored(Collection<ConnectorProperties> connections) {
        replaceStored(connections, Set.of());
    }

    /**
     * As {@link #replaceStored(Collection)}, and the connectors named in {@code renewed} count as
     * changed even when their settings are equal (their secrets changed): their clients are made anew.
     */
    public synchronized void replaceStored(Collection<ConnectorProperties> connections, Set<String> renewed) {
        Map<String, ConnectorProperties> next = new LinkedHashMap<>();
        for (ConnectorProperties connection : connections) {
            if (!isConfigured(connection.name())) {
                next.put(connection.name(), connection);
            }
        }
        Map<String, ConnectorProperties> before = stored;
        List<ConnectorProperties> gone = new ArrayList<>();
        List<ConnectorProperties> came = new ArrayList<>();
        before.forEach((name, old) -> {
            ConnectorProperties now = next.get(name);
            if (!old.equals(now) || renewed.contains(name)) {
                gone.add(old);
            }
        });
        next.forEach((name, now) -> {
            if (!now.equals(before.get(name)) || renewed.contains(name)) {
                came.add(now);
            }
        });
        List<ConnectorProperties> list = new ArrayList<>(configured);
        list.addAll(next.values());
        stored = Map.copyOf(next);
        all = List.copyOf(list);
        for (ConnectorProperties connector : gone) {
            listeners.forEach(l -> tell(() -> l.removed(connector), connector, "removed"));
        }
        for (ConnectorProperties connector : came) {
            listeners.forEach(l -> tell(() -> l.added(connector), connector, "added"));
        }
    }

    /** One listener's failure is logged and leaves the others to hear the change. */
    private static void tell(Runnable call, ConnectorProperties connector, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("Connector {} {}: a part of the service could not follow: {}", connector.name(), what, e.toString(), e);
        }
    }
}
