package example.memorycrm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CRM that keeps its deals in memory, as a stateful stand-in for any partner CRM: every record has
 * an {@code id} and a {@code modified} time (ISO-8601, strictly increasing across the CRM), users
 * create and edit records, an API reads changes in (modified, id) order and upserts by an external
 * id field, and it refuses a {@code name} longer than 40 characters, as real CRMs refuse values
 * that do not fit a field. Counts the calls its API received. Thread-safe.
 */
public final class MemoryCrm {

    static final int NAME_LIMIT = 40;

    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private Instant lastModified = Instant.parse("2026-12-01T08:00:00Z");
    private int nextId = 1001;
    final AtomicInteger readCalls = new AtomicInteger();
    final AtomicInteger writeCalls = new AtomicInteger();
    /** The ids every read of changes answered with, in order. */
    final List<String> served = java.util.Collections.synchronizedList(new ArrayList<>());

    /** A user creates a record; returns its id. */
    public synchronized String create(Map<String, Object> fields) {
        String id = "m-" + nextId++;
        Map<String, Object> record = new LinkedHashMap<>(fields);
        record.put("id", id);
        record.put("modified", tick().toString());
        records.put(id, record);
        return id;
    }

    /** A user edits a record. */
    public synchronized void edit(String id, Map<String, Object> changes) {
        Map<String, Object> record = Objects.requireNonNull(records.get(id), id);
        record.putAll(changes);
        record.put("modified", tick().toString());
    }

    public synchronized Map<String, Object> get(String id) {
        Map<String, Object> record = records.get(id);
        return record == null ? null : new LinkedHashMap<>(record);
    }

    public synchronized List<Map<String, Object>> all() {
        return records.values().stream().map(r -> (Map<String, Object>) new LinkedHashMap<>(r)).toList();
    }

    /**
     * API: up to {@code limit} records modified at or after {@code from} (when {@code afterModified}
     * is {@code null}), or strictly after ({@code afterModified}, {@code afterId}), in (modified, id) order.
     */
    synchronized List<Map<String, Object>> changes(Instant from, Instant afterModified, String afterId, int limit) {
        readCalls.incrementAndGet();
        Comparator<Map<String, Object>> order = Comparator.comparing((Map<String, Object> r) -> Instant.parse((String) r.get("modified")))
                .thenComparing(r -> (String) r.get("id"));
        List<Map<String, Object>> page = records.values().stream().filter(r -> {
            Instant modified = Instant.parse((String) r.get("modified"));
            if (afterModified == null) {
                return from == null || !modified.isBefore(from);
            }
            int byTime = modified.compareTo(afterModified);
            return byTime > 0 || byTime == 0 && afterId != null && ((String) r.get("id")).compareTo(afterId) > 0;
        }).sorted(order).limit(limit).map(r -> (Map<String, Object>) new LinkedHashMap<>(r)).toList();
        page.forEach(r -> served.add((String) r.get("id")));
        return page;
    }

    /** API: the records with these ids; an id it does not have is left out. */
    synchronized List<Map<String, Object>> byIds(List<String> ids) {
        readCalls.incrementAndGet();
        List<Map<String, Object>> found = new ArrayList<>();
        ids.stream().map(records::get).filter(Objects::nonNull).forEach(r -> found.add(new LinkedHashMap<>(r)));
        return found;
    }

    /**
     * API: updates the record {@code id}, or, when {@code id} is {@code null}, the one whose
     * {@code keyField} is {@code key} (creating it when there is none); returns its id.
     *
     * @throws IllegalArgumentException for a value the CRM does not take, as its API answers 400
     */
    synchronized String upsert(String id, String keyField, String key, Map<String, Object> fields) {
        writeCalls.incrementAndGet();
        Object name = fields.get("name");
        if (name != null && name.toString().length() > NAME_LIMIT) {
            throw new IllegalArgumentException("FIELD_TOO_LONG: name is at most " + NAME_LIMIT + " characters, '" + name + "' has " + name.toString().length());
        }
        Map<String, Object> record = id != null ? records.get(id)
                : records.values().stream().filter(r -> key.equals(r.get(keyField))).findFirst().orElse(null);
        if (record == null) {
            Map<String, Object> created = new LinkedHashMap<>(fields);
            created.put(keyField, key);
            String newId = "m-" + nextId++;
            created.put("id", newId);
            created.put("modified", tick().toString());
            records.put(newId, created);
            return newId;
        }
        record.putAll(fields);
        record.put(keyField, key);
        record.put("modified", tick().toString());
        return (String) record.get("id");
    }

    /** Now, to the microsecond, and never twice: the CRM's clock stays with the wall clock (a bump of 1 ms would run ahead of it). */
    private Instant tick() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        lastModified = now.isAfter(lastModified) ? now : lastModified.plus(1, java.time.temporal.ChronoUnit.MICROS);
        return lastModified;
    }
}
