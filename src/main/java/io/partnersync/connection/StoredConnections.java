package io.partnersync.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.config.ConnectionDefinitions;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.connector.SecretCipher;
import io.partnersync.connector.Secrets;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.ConnectionRepository;
import io.partnersync.store.ConnectionRepository.StoredConnection;
import io.partnersync.sync.ConnectorKinds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The partners' connections kept in the store, live on this instance: loaded before the routes are
 * made, then read again whenever the store's {@code max(version)} moves (checked every
 * {@code partnersync.connections.refresh}, 5 s by default, well inside one lease), so a connection
 * created, changed or removed on any instance is working, changed or stopped on every instance
 * within seconds, without a restart. A stored connection that no longer binds (its kind was taken
 * out of the build) is left out with an ERROR naming it; the others go on.
 *
 * <p>Changes go through here: each is checked by the configuration file's rules
 * ({@link ConnectionDefinitions}) and against the mapping files before it is stored, audited, and
 * applied on this instance at once. Secrets are encrypted with {@link SecretCipher} and never
 * answered back. Thread-safe.
 */
@Component
public class StoredConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StoredConnections.class);
    private static final TypeReference<Map<String, Object>> DEFINITION = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> SECRETS = new TypeReference<>() {
    };

    /** A change refused: {@code conflict} for a name taken or unknown, otherwise the definition is wrong. */
    public static class Refused extends RuntimeException {
        private final boolean conflict;

        Refused(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    /**
     * A connection as the API shows it: its definition, never its secrets (only which it has).
     *
     * @param state {@code live} or {@code removed}
     */
    public record Connection(String name, String kind, String partner, Map<String, Object> definition, Set<String> secrets, String state,
                             long version, String createdBy, java.time.Instant createdAt, String updatedBy, java.time.Instant updatedAt) {
    }

    private final ConnectionRepository repository;
    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final MappingRegistry mappings;
    private final Secrets secrets;
    private final SecretCipher cipher;
    private final ObjectMapper json;
    private final AuditRepository audit;
    private final ScheduledExecutorService timer;
    private long seen = -1;
    /** The version of each live connection as last applied: a new version with equal settings changed its secrets. */
    private final Map<String, Long> applied = new java.util.HashMap<>();
    private final Set<String> refusedLogged = new HashSet<>();
    /** Each live connection as bound at its version: bound again only when its version moves. */
    private final Map<String, Bound> bound = new java.util.HashMap<>();

    private record Bound(long version, ConnectorProperties connector) {
    }

    StoredConnections(ConnectionRepository repository, Connectors connectors, ConnectorKinds kinds, MappingRegistry mappings, Secrets secrets,
                      SecretCipher cipher, ObjectMapper json, AuditRepository audit,
                      @Value("${partnersync.connections.refresh:PT5S}") Duration refresh) {
        this.repository = repository;
        this.connectors = connectors;
        this.kinds = kinds;
        this.mappings = mappings;
        this.secrets = secrets;
        this.cipher = cipher;
        this.json = json;
        this.audit = audit;
        refresh();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "partnersync-connections");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, refresh.toMillis());
        timer.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Connections could not be read from the store, the last list stays: {}", e.toString());
        }
    }

    /** Reads the connections again when the store's list changed since the last read. */
    public synchronized void refresh() {
        long version = repository.version();
        if (version == seen) {
            return;
        }
        List<ConnectorProperties> live = new ArrayList<>();
        Set<String> renewed = new HashSet<>();
        Map<String, Long> versions = new java.util.HashMap<>();
        Set<String> before = new HashSet<>();
        connectors.all().stream().map(ConnectorProperties::name).filter(connectors::isStored).forEach(before::add);
        for (StoredConnection stored : repository.live()) {
            Bound known = bound.get(stored.name());
            if (known != null && known.version() == stored.version()) {
                // unchanged since the last read: nothing to bind, decrypt or map again (a list of thousands stays cheap to refresh)
                live.add(known.connector());
                before.remove(stored.name());
                versions.put(stored.name(), stored.version());
                continue;
            }
            try {
                ConnectorProperties connector = bind(stored.name(), parse(stored.definition()));
                secrets.provide(stored.name(), decrypt(stored));
                mappings.add(connector);
                live.add(connector);
                before.remove(stored.name());
                versions.put(stored.name(), stored.version());
                bound.put(stored.name(), new Bound(stored.version(), connector));
                Long last = applied.get(stored.name());
                if (last != null && last != stored.version()) {
                    renewed.add(stored.name());
                }
            } catch (RuntimeException e) {
                if (refusedLogged.add(stored.name() + "@" + stored.version())) {
                    log.error("Connection {} is left out: {}", stored.name(), e.getMessage());
                }
            }
        }
        bound.keySet().retainAll(versions.keySet());
        connectors.replaceStored(live, renewed);
        applied.clear();
        applied.putAll(versions);
        for (String gone : before) {
            secrets.withdraw(gone);
            mappings.forget(gone);
        }
        seen = version;
    }

    public List<Connection> list() {
        return repository.all().stream().map(this::view).toList();
    }

    public Optional<Connection> find(String name) {
        return repository.find(name).map(this::view);
    }

    /**
     * Stores a new connection (or brings back a removed one of that name) and starts it here.
     *
     * @param definition its settings as the configuration file would hold them, kebab-case keys
     * @param given its secrets by purpose ({@code token}, {@code client-secret}, ...)
     * @throws Refused when the name is taken or the definition is wrong
     */
    public Connection create(String name, Map<String, Object> definition, Map<String, String> given, String actor) {
        if (connectors.isConfigured(name)) {
            throw new Refused("connector '" + name + "' is declared in the configuration file; change it there", true);
        }
        ConnectorProperties connector = check(name, definition);
        String credentials = encrypt(name, given);
        if (!repository.add(name, connector.type(), connector.partner(), write(definition), credentials, actor)) {
            throw new Refused("connection '" + name + "' exists already; change it with PUT /api/connections/" + name, true);
        }
        audit.append(actor, null, null, "connection-created", "connection " + name + " (" + connector.type() + ") of partner "
                + connector.partner() + " created, secrets: " + new TreeSet<>(given.keySet()), null);
        refresh();
        return find(name).orElseThrow();
    }

    /**
     * Replaces a connection's settings; its secrets are replaced by purpose, those not given are kept.
     *
     * @throws Refused when there is no such live connection or the definition is wrong
     */
    public Connection change(String name, Map<String, Object> definition, Map<String, String> given, String actor) {
        StoredConnection stored = repository.find(name).filter(c -> !c.removed())
                .orElseThrow(() -> new Refused("no connection named '" + name + "'" + (connectors.isConfigured(name)
                        ? ": it is declared in the configuration file; change it there" : ""), true));
        ConnectorProperties connector = check(name, definition);
        Map<String, String> merged = new LinkedHashMap<>(decrypt(stored));
        merged.putAll(given);
        if (!repository.change(name, connector.type(), connector.partner(), write(definition), encrypt(name, merged), actor)) {
            throw new Refused("connection '" + name + "' was removed meanwhile", true);
        }
        audit.append(actor, null, null, "connection-changed", "connection " + name + " changed"
                + (given.isEmpty() ? "" : ", secrets replaced: " + new TreeSet<>(given.keySet())), null);
        refresh();
        return find(name).orElseThrow();
    }

    /**
     * Stops a connection's work on every instance; its row, history and audit stay, and nothing is
     * deleted in its CRM.
     */
    public Connection remove(String name, String actor) {
        if (!repository.remove(name, actor)) {
            throw new Refused("no connection named '" + name + "'" + (connectors.isConfigured(name)
                    ? ": it is declared in the configuration file; remove it there" : ""), true);
        }
        audit.append(actor, null, null, "connection-removed", "connection " + name + " removed: its work stopped, its records stay", null);
        refresh();
        return find(name).orElseThrow();
    }

    private ConnectorProperties check(String name, Map<String, Object> definition) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new Refused("connection " + name + ": key 'name': expected lower-case letters, digits and '-' (at most 63)", false);
        }
        try {
            ConnectorProperties connector = bind(name, definition);
            mappings.of(connector);
            return connector;
        } catch (InvalidConfigurationException e) {
            throw new Refused(e.getMessage(), false);
        }
    }

    private ConnectorProperties bind(String name, Map<String, Object> definition) {
        return ConnectionDefinitions.bind(name, definition, kinds.all());
    }

    private String encrypt(String name, Map<String, String> given) {
        if (given.isEmpty()) {
            return null;
        }
        if (!cipher.available()) {
            throw new Refused("secrets of connections are kept encrypted, and no key is set: set " + cipher.keyVariable()
                    + " (openssl rand -base64 32) on every instance", true);
        }
        return cipher.seal("connection/" + name, write(given));
    }

    private Map<String, String> decrypt(StoredConnection stored) {
        if (stored.credentials() == null) {
            return Map.of();
        }
        try {
            return json.readValue(cipher.open("connection/" + stored.name(), stored.credentials()), SECRETS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the secrets of connection " + stored.name() + " are not readable", e);
        }
    }

    private Connection view(StoredConnection stored) {
        Set<String> names;
        try {
            names = new TreeSet<>(decrypt(stored).keySet());
        } catch (RuntimeException e) {
            names = Set.of();
        }
        return new Connection(stored.name(), stored.kind(), stored.partner(), parse(stored.definition()), names,
                stored.removed() ? "removed" : "live", stored.version(), stored.createdBy(), stored.createdAt(), stored.updatedBy(), stored.updatedAt());
    }

    private Map<String, Object> parse(String definition) {
        try {
            return json.readValue(definition, DEFINITION);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored definition is not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
