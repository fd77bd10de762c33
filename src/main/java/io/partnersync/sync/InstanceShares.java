package io.partnersync.sync;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.config.PartnerSyncProperties;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which connectors this instance polls and relays on its timers: an even share of them among the
 * instances that are alive. Each instance writes a heartbeat to {@code sync_instance} (database
 * time) every third of the lease and reads the instances whose heartbeat is younger than two thirds
 * of it (so a dead instance is counted out at the latest one lease after its last beat, by the next
 * beat of the others);
 * every instance works the same assignment out of the same two lists (connector names and instance
 * ids, both sorted), so no instance decides for another and nothing is elected: each connector goes
 * to the instance of highest rendezvous weight that still has room under an even share (at most
 * ⌈connectors / instances⌉), so the shares differ by at most one and a joining or leaving instance
 * moves few connectors. Exclusion stays with the leases ({@link Leases}): while two instances'
 * views of the list differ for a moment, both may try a connector and one gets it. An instance
 * that dies stops its heartbeat, and within one lease the others count it out and take its
 * connectors (its leases have run out by then too); a clean shutdown deletes its row at once.
 * A wake-up for a connector's relay (a change committed here) is not held to the share, and an
 * operator's "poll now" neither. Thread-safe.
 */
@Component
public class InstanceShares {

    private static final Logger log = LoggerFactory.getLogger(InstanceShares.class);

    private final JdbcTemplate jdbc;
    private final Supplier<Collection<String>> connectors;
    private final Duration lease;
    private final String id;
    private final ScheduledExecutorService heartbeats;
    private volatile List<String> members = List.of();
    private volatile Assignment assignment = new Assignment(List.of(), List.of(), Map.of());

    @Autowired
    InstanceShares(JdbcTemplate jdbc, PartnerSyncProperties properties, Connectors connectors) {
        this(jdbc, () -> connectors.all().stream().filter(ConnectorProperties::enabled).map(ConnectorProperties::name).toList(),
                properties.lease(), true);
    }

    /**
     * @param connectors the names of the connectors to share, the same on every instance
     * @param beat whether to heartbeat on a timer (a test beats by hand, with {@link #heartbeat()})
     */
    InstanceShares(JdbcTemplate jdbc, Supplier<Collection<String>> connectors, Duration lease, boolean beat) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.lease = lease;
        this.id = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "partnersync-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        if (beat) {
            heartbeats.scheduleWithFixedDelay(this::heartbeatQuietly, 0, Math.max(1, lease.toSeconds() / 3), TimeUnit.SECONDS);
        }
    }

    /** This instance's id in {@code sync_instance}. */
    public String id() {
        return id;
    }

    /** The instances alive at the last heartbeat, this one included, by id. */
    public List<String> members() {
        return members;
    }

    /**
     * Whether this instance's timers work on {@code connector}. Before its first heartbeat (or when
     * it cannot reach the store) an instance counts itself alone and works on every connector: the
     * leases keep the work single.
     */
    public boolean owns(String connector) {
        List<String> alive = members;
        if (alive.size() <= 1) {
            return true;
        }
        return id.equals(assignment(alive).owners().get(connector));
    }

    /** How many of the connectors this instance works on. */
    public long owned() {
        List<String> alive = members;
        Collection<String> all = connectors.get();
        return alive.size() <= 1 ? all.size() : assignment(alive).owners().values().stream().filter(id::equals).count();
    }

    /**
     * One instance alive on this store, as this instance sees it.
     *
     * @param connectors how many connectors it works on
     * @param self whether it is the instance that answers
     */
    public record Instance(String id, String host, Instant startedAt, Instant heartbeatAt, long connectors, boolean self) {
    }

    /** The instances alive at the last heartbeat, each with its share of the connectors. */
    public List<Instance> instances() {
        List<String> alive = members;
        Map<String, Long> shares = new HashMap<>();
        if (alive.size() <= 1) {
            shares.put(id, (long) connectors.get().size());
        } else {
            assignment(alive).owners().values().forEach(owner -> shares.merge(owner, 1L, Long::sum));
        }
        return jdbc.query("select id, host, started_at, heartbeat_at from sync_instance where id = any(?) order by id",
                (rs, n) -> new Instance(rs.getString("id"), rs.getString("host"), rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("heartbeat_at").toInstant(), shares.getOrDefault(rs.getString("id"), 0L), id.equals(rs.getString("id"))),
                (Object) alive.toArray(String[]::new));
    }

    /** Writes this instance's heartbeat and reads the instances alive. */
    void heartbeat() {
        jdbc.update("""
                insert into sync_instance (id, host) values (?, ?)
                on conflict (id) do update set heartbeat_at = now()
                """, id, host());
        // younger than two thirds of the lease: beats come every third, so a dead instance is out within one lease of its last beat
        List<String> alive = jdbc.queryForList("select id from sync_instance where heartbeat_at > now() - make_interval(secs => ?) order by id",
                String.class, (double) lease.toMillis() * 2 / 3 / 1000);
        if (!alive.contains(id)) {
            alive = new ArrayList<>(alive);
            alive.add(id);
            alive.sort(Comparator.naturalOrder());
        }
        if (!alive.equals(members)) {
            members = List.copyOf(alive);
            log.info("{} instance(s) of PartnerSync on this store; this one ({}) works on {} of {} connectors", alive.size(), id, owned(), connectors.get().size());
        }
        // rows of instances long gone (killed, not shut down) are forgotten
        jdbc.update("delete from sync_instance where heartbeat_at < now() - interval '1 day'");
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            log.warn("heartbeat to the store failed (this instance keeps its last view of the others): {}", e.getMessage());
        }
    }

    private Assignment assignment(List<String> alive) {
        List<String> names = connectors.get().stream().sorted().toList();
        Assignment current = assignment;
        if (current.members().equals(alive) && current.connectors().equals(names)) {
            return current;
        }
        Assignment next = new Assignment(alive, names, assign(names, alive));
        assignment = next;
        return next;
    }

    /**
     * Each connector (in name order) to the instance of highest rendezvous weight among those with
     * room left under ⌈connectors / instances⌉. Deterministic: the same lists give the same answer on
     * every instance.
     */
    static Map<String, String> assign(List<String> connectors, List<String> instances) {
        Map<String, String> owners = new HashMap<>();
        if (instances.isEmpty()) {
            return owners;
        }
        int room = (connectors.size() + instances.size() - 1) / instances.size();
        Map<String, Integer> load = new HashMap<>();
        for (String connector : connectors.stream().sorted().toList()) {
            String owner = instances.stream().filter(instance -> load.getOrDefault(instance, 0) < room)
                    .max(Comparator.comparingLong((String instance) -> weight(connector, instance)).thenComparing(Comparator.naturalOrder()))
                    .orElseThrow();
            owners.put(connector, owner);
            load.merge(owner, 1, Integer::sum);
        }
        return owners;
    }

    private static long weight(String connector, String instance) {
        CRC32C crc = new CRC32C();
        crc.update((connector + "\u0000" + instance).getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue() * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** A clean shutdown leaves at once: the others take this instance's connectors at their next heartbeat. */
    @PreDestroy
    void leave() {
        heartbeats.shutdownNow();
        try {
            jdbc.update("delete from sync_instance where id = ?", id);
        } catch (RuntimeException e) {
            log.debug("could not remove this instance's heartbeat: {}", e.getMessage());
        }
    }

    private record Assignment(List<String> members, List<String> connectors, Map<String, String> owners) {
    }
}
