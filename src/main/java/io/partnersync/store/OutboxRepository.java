package io.partnersync.store;

import io.partnersync.canonical.EntityType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What each target connector still has to receive, one entry per (target, record) while a write is
 * owed. Queueing a record again while it is pending only updates it, so a burst of changes to one
 * record becomes one write and a replayed change never becomes a second one.
 */
@Repository
public class OutboxRepository {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    public OutboxRepository(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Marks records pending for their targets, in one statement for the whole list. An entry must
     * not repeat a (target, record) within one call. A pending entry keeps its attempts and
     * schedule; a parked one starts afresh.
     */
    public void enqueue(List<OutboxEntry> entries) {
        enqueue(null, entries);
    }

    /**
     * As {@link #enqueue(List)}, for changes that {@code source} (a connector) sent: its entries take
     * their turns with other sources' in {@link #due}.
     */
    public void enqueue(String source, List<OutboxEntry> entries) {
        // a pending whole-record write is never narrowed to a decision-only write
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    insert into outbox (target_connector, entity_id, entity_type, operation, content_hash, source)
                    select u.*, ? from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[]) u
                    on conflict (target_connector, entity_id, entity_type) do update
                       set source = excluded.source,
                           operation = case when outbox.status = 'PENDING' and excluded.operation = 'DECISION' then outbox.operation
                                            else excluded.operation end,
                           content_hash = excluded.content_hash, last_error = null,
                           attempts = case when outbox.status = 'PENDING' then outbox.attempts else 0 end,
                           next_attempt_at = case when outbox.status = 'PENDING' then outbox.next_attempt_at else now() end,
                           queued_at = case when outbox.status = 'PENDING' then outbox.queued_at else now() end,
                           status = 'PENDING'
                    """);
            ps.setString(1, source == null ? "" : source);
            ps.setArray(2, con.createArrayOf("text", entries.stream().map(OutboxEntry::targetConnector).toArray()));
            ps.setArray(3, con.createArrayOf("uuid", entries.stream().map(OutboxEntry::entityId).toArray()));
            ps.setArray(4, con.createArrayOf("text", entries.stream().map(e -> e.entityType().name()).toArray()));
            ps.setArray(5, con.createArrayOf("text", entries.stream().map(e -> e.operation().name()).toArray()));
            ps.setArray(6, con.createArrayOf("text", entries.stream().map(OutboxEntry::contentHash).toArray()));
            return ps;
        });
        events.publishEvent(new OutboxQueued(entries.stream().map(OutboxEntry::targetConnector).collect(Collectors.toSet())));
    }

    /**
     * Pending entries for a target whose next attempt is due, in turns by source: the longest waiting
     * of each source connector, then the second of each, and so on. A partner that imports 50,000
     * deals fills only the room the others leave in each batch to the vendor's org: the others'
     * changes go out in the next batch, not after the import.
     */
    public List<OutboxEntry> due(String targetConnector, int limit) {
        return jdbc.query("""
                select target_connector, entity_type, entity_id, operation, content_hash, attempts from (
                    select o.*, row_number() over (partition by o.source order by o.next_attempt_at) as turn
                      from outbox o where o.target_connector = ? and o.status = 'PENDING' and o.next_attempt_at <= now()) due
                 order by turn, next_attempt_at limit ?
                """, (rs, n) -> new OutboxEntry(rs.getString("target_connector"), EntityType.valueOf(rs.getString("entity_type")),
                rs.getObject("entity_id", UUID.class), OutboxEntry.Operation.valueOf(rs.getString("operation")),
                rs.getString("content_hash"), rs.getInt("attempts")), targetConnector, limit);
    }

    /** A due entry and the connector whose change queued it ({@code ""} when unknown). */
    public record Due(OutboxEntry entry, String source) {
    }

    /**
     * As {@link #due(String, int)}, with each entry's source, leaving out the entries queued by
     * {@code skippedSources} (partners held to their share of the target's API allowance).
     */
    public List<Due> due(String targetConnector, int limit, java.util.Collection<String> skippedSources) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    select target_connector, entity_type, entity_id, operation, content_hash, attempts, source from (
                        select o.*, row_number() over (partition by o.source order by o.next_attempt_at) as turn
                          from outbox o where o.target_connector = ? and o.status = 'PENDING' and o.next_attempt_at <= now()
                           and o.source <> all(?)) due
                     order by turn, next_attempt_at limit ?
                    """);
            ps.setString(1, targetConnector);
            ps.setArray(2, con.createArrayOf("text", skippedSources.toArray()));
            ps.setInt(3, limit);
            return ps;
        }, (rs, n) -> new Due(new OutboxEntry(rs.getString("target_connector"), EntityType.valueOf(rs.getString("entity_type")),
                rs.getObject("entity_id", UUID.class), OutboxEntry.Operation.valueOf(rs.getString("operation")),
                rs.getString("content_hash"), rs.getInt("attempts")), rs.getString("source")));
    }

    /** The connectors whose changes wait for {@code targetConnector}. */
    public Set<String> pendingSources(String targetConnector) {
        return new HashSet<>(jdbc.queryForList("select distinct source from outbox where target_connector = ? and status = 'PENDING'",
                String.class, targetConnector));
    }

    /**
     * The connectors that have pending entries: one index probe per such connector (a skip scan of
     * {@code outbox_pending_age}), however many entries wait, so a relay timer over thousands of
     * connectors asks about those with work only.
     */
    public Set<String> targetsPending() {
        return new HashSet<>(jdbc.queryForList("""
                with recursive targets as (
                    (select target_connector from outbox where status = 'PENDING' order by target_connector limit 1)
                    union all
                    select (select o.target_connector from outbox o
                             where o.status = 'PENDING' and o.target_connector > targets.target_connector
                             order by o.target_connector limit 1)
                      from targets where targets.target_connector is not null)
                select target_connector from targets where target_connector is not null
                """, String.class));
    }

    public long countPending(String targetConnector) {
        return jdbc.queryForObject("select count(*) from outbox where target_connector = ? and status = 'PENDING'", Long.class, targetConnector);
    }

    /** A failed attempt that will be tried again after {@code delay}. */
    public void retryLater(OutboxEntry entry, String error, Duration delay) {
        jdbc.update("""
                update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
                 where target_connector = ? and entity_id = ? and entity_type = ? and content_hash = ?
                """, error, (double) delay.toSeconds(), entry.targetConnector(), entry.entityId(), entry.entityType().name(), entry.contentHash());
    }

    /** Gives up on this version: the entry stays, PARKED, until a newer change or a replay queues it again. */
    public void park(OutboxEntry entry, String error) {
        jdbc.update("""
                update outbox set status = 'PARKED', attempts = attempts + 1, last_error = ?
                 where target_connector = ? and entity_id = ? and entity_type = ? and content_hash = ?
                """, error, entry.targetConnector(), entry.entityId(), entry.entityType().name(), entry.contentHash());
    }

    /**
     * Queues a parked or waiting entry for an immediate new attempt; the attempt count starts again.
     *
     * @return whether there was an entry to requeue
     */
    public boolean requeue(String targetConnector, EntityType type, UUID entityId) {
        return jdbc.update("""
                update outbox set status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = null
                 where target_connector = ? and entity_id = ? and entity_type = ?
                """, targetConnector, entityId, type.name()) == 1;
    }

    /**
     * Confirms delivery of the version that was sent by removing the entry. Returns false, and
     * leaves it pending, when a newer change was queued while the write was under way.
     */
    public boolean markDelivered(OutboxEntry entry) {
        return jdbc.update("delete from outbox where target_connector = ? and entity_id = ? and entity_type = ? and content_hash = ?",
                entry.targetConnector(), entry.entityId(), entry.entityType().name(), entry.contentHash()) == 1;
    }

    /** {@link #markDelivered(OutboxEntry)} for a batch, in one statement. */
    public void markDelivered(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    delete from outbox o
                     using unnest(?::text[], ?::uuid[], ?::text[], ?::text[]) as s(target_connector, entity_id, entity_type, content_hash)
                     where o.target_connector = s.target_connector and o.entity_id = s.entity_id and o.entity_type = s.entity_type
                       and o.content_hash = s.content_hash
                    """);
            ps.setArray(1, con.createArrayOf("text", entries.stream().map(OutboxEntry::targetConnector).toArray()));
            ps.setArray(2, con.createArrayOf("uuid", entries.stream().map(OutboxEntry::entityId).toArray()));
            ps.setArray(3, con.createArrayOf("text", entries.stream().map(e -> e.entityType().name()).toArray()));
            ps.setArray(4, con.createArrayOf("text", entries.stream().map(OutboxEntry::contentHash).toArray()));
            return ps;
        });
    }

    /**
     * Records, before the write, the fingerprint of the version each entry is about to send; kept
     * until the entry is delivered, also when a newer version is queued meanwhile.
     */
    public void markSent(List<OutboxEntry> entries, List<String> fingerprints) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    update outbox o set sent_fingerprints = partnersync_keep_last(array_remove(o.sent_fingerprints, s.fingerprint) || s.fingerprint, 8)
                      from unnest(?::text[], ?::uuid[], ?::text[], ?::text[]) as s(target_connector, entity_id, entity_type, fingerprint)
                     where o.target_connector = s.target_connector and o.entity_id = s.entity_id and o.entity_type = s.entity_type
                    """);
            ps.setArray(1, con.createArrayOf("text", entries.stream().map(OutboxEntry::targetConnector).toArray()));
            ps.setArray(2, con.createArrayOf("uuid", entries.stream().map(OutboxEntry::entityId).toArray()));
            ps.setArray(3, con.createArrayOf("text", entries.stream().map(e -> e.entityType().name()).toArray()));
            ps.setArray(4, con.createArrayOf("text", fingerprints.toArray()));
            return ps;
        });
    }

    /** The fingerprints of versions sent to the target and not yet confirmed, by record, for those of {@code entityIds} that have any. */
    public Map<UUID, List<String>> sentFingerprints(String targetConnector, EntityType type, Collection<UUID> entityIds) {
        if (entityIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<String>> sent = new HashMap<>();
        jdbc.query("select entity_id, sent_fingerprints from outbox where target_connector = ? and entity_type = ? and cardinality(sent_fingerprints) > 0"
                        + " and entity_id = any(?::uuid[])",
                ps -> {
                    ps.setString(1, targetConnector);
                    ps.setString(2, type.name());
                    ps.setArray(3, ps.getConnection().createArrayOf("uuid", entityIds.toArray()));
                }, rs -> {
                    sent.put(rs.getObject(1, UUID.class), List.of((String[]) rs.getArray(2).getArray()));
                });
        return sent;
    }

    /** Whether a write of the record to the target is still owed (pending, not parked). */
    public boolean isPending(String targetConnector, EntityType type, UUID entityId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from outbox where target_connector = ? and entity_id = ?"
                + " and entity_type = ? and status = 'PENDING')", Boolean.class, targetConnector, entityId, type.name()));
    }
}
