package io.partnersync.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the users did, and so what must be where: every record created in a fake CRM, by a key
 * that travels in its data (the first word of a deal's name, the local part of a lead's email),
 * with its latest version. Each record is expected once in the store, once in Salesforce and once
 * in its partner's portal, never in the other portal (OutboxRouting: a partner connector receives
 * only its own partner's leads and deals; the vendor receives every partner's).
 */
final class Ledger {

    enum Entity { DEAL, LEAD }

    /** Systems as the census names them: the store and the connectors. */
    static final String STORE = "store";
    static final String SALESFORCE = "vendor-sf";

    /** A user made {@code version} of a record in {@code system} at {@code at} (the harness's clock, just after the fake took it). */
    record Edit(int version, String system, String user, java.time.Instant at) {
        @Override
        public String toString() {
            return "v" + version + " by " + user + " in " + system + " at " + at;
        }
    }

    /** One record a user created: in {@code origin} (a connector name), with its id there. */
    static final class Entry {
        final String key;
        final Entity entity;
        final String origin;
        final String partner;
        final String originId;
        volatile int version = 1;
        /** Every version a user made, oldest first: the create, then each edit. */
        final List<Edit> edits = java.util.Collections.synchronizedList(new ArrayList<>());

        Entry(String key, Entity entity, String origin, String partner, String originId) {
            this.key = key;
            this.entity = entity;
            this.origin = origin;
            this.partner = partner;
            this.originId = originId;
        }

        /** The name (deal) or last name (lead) the latest version carries. */
        String label() {
            return entity == Entity.DEAL ? key + " " + partner + " v" + version : "Reyes v" + version;
        }

        /** The amount the latest version carries (deals). */
        long amount() {
            return 1000L + Math.abs(key.hashCode() % 50) * 100L + version;
        }

        void edited(String user) {
            edits.add(new Edit(version, origin, user, java.time.Instant.now()));
        }

        Set<String> expectedIn() {
            return Set.of(STORE, SALESFORCE, Users.CONNECTORS.get(partner));
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

    void add(Entry entry) {
        entries.put(entry.key, entry);
        order.add(entry.key);
    }

    Entry get(String key) {
        return entries.get(key);
    }

    List<Entry> all() {
        synchronized (order) {
            return order.stream().map(entries::get).toList();
        }
    }

    int size() {
        return entries.size();
    }
}
