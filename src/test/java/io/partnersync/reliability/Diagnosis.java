package io.partnersync.reliability;

import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.Versioned;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the census found, explained: sample keys for every non-zero count, and for sample stale
 * records what the {@link Ledger} expects, what each system holds (with the store's bookkeeping:
 * refs, outbox, audit) and one timeline merging the users' edits, every version the fakes were
 * written, older versions their queries served, the store's timestamps and the service's starts
 * and kills. Reads state only; changes nothing.
 */
final class Diagnosis {

    private static final int DETAILED = 5;

    private final Harness run;
    private final Consumer<String> out;
    private Map<String, List<Map<String, Object>>> opportunitiesByKey;

    Diagnosis(Harness run, Consumer<String> out) {
        this.run = run;
        this.out = out;
    }

    void explain(List<Census.Figures> figures) {
        Map<String, Set<String>> staleIn = new LinkedHashMap<>();
        for (Census.Figures f : figures) {
            Census.Samples s = f.samples();
            if (f.missing() + f.duplicated() + f.duplicatedById() + f.stale() + f.misrouted() == 0) {
                continue;
            }
            out.accept(String.format("samples %s %s: missing %s duplicated %s stale %s misrouted %s", f.system(), f.entity(), s.missing(), s.duplicated(),
                    s.stale().subList(0, Math.min(Census.Samples.SAMPLES, s.stale().size())), s.misrouted()));
            s.stale().forEach(key -> staleIn.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(f.system()));
        }
        if (staleIn.isEmpty()) {
            return;
        }
        summarize(staleIn);
        staleIn.entrySet().stream().limit(DETAILED).forEach(e -> detail(run.ledger.get(e.getKey()), e.getValue()));
    }

    /** Over every stale record: where it was created and how many versions each kind of user made, per system. */
    private void summarize(Map<String, Set<String>> staleIn) {
        Map<String, Integer> byOrigin = new TreeMap<>();
        Map<String, Integer> editsBySystem = new TreeMap<>();
        Map<String, Integer> byWhere = new TreeMap<>();
        Map<Integer, Integer> byVersion = new TreeMap<>();
        staleIn.forEach((key, systems) -> {
            Ledger.Entry entry = run.ledger.get(key);
            byOrigin.merge(entry.entity + " from " + entry.origin, 1, Integer::sum);
            byWhere.merge(String.join("+", systems), 1, Integer::sum);
            byVersion.merge(entry.version, 1, Integer::sum);
            synchronized (entry.edits) {
                entry.edits.stream().filter(e -> e.version() > 1).forEach(e -> editsBySystem.merge(e.user() + " in " + e.system(), 1, Integer::sum));
            }
        });
        out.accept("stale records: " + staleIn.size() + "; created " + byOrigin + "; stale in " + byWhere + "; latest version " + byVersion
                + "; edits after the create " + (editsBySystem.isEmpty() ? "{none}" : editsBySystem.toString()));
    }

    private void detail(Ledger.Entry entry, Set<String> staleIn) {
        out.accept("--- stale " + entry.key + " (" + entry.entity + ", partner " + entry.partner + ", created in " + entry.origin + " as " + entry.originId
                + "), stale in " + staleIn);
        out.accept("  ledger expects v" + entry.version + ": '" + entry.label() + "'" + (entry.entity == Ledger.Entity.DEAL ? " amount " + entry.amount() : "")
                + "; user versions " + List.copyOf(entry.edits));
        Timeline timeline = new Timeline();
        entry.edits.forEach(e -> timeline.add(e.at(), "LEDGER  " + e));
        run.events().forEach(e -> timeline.add(e.getKey(), "SERVICE " + e.getValue()));
        List<String> ids = store(entry, timeline);
        salesforce(entry, timeline);
        run.portals.forEach((partner, portal) -> portal(entry, partner, portal, ids, timeline));
        out.accept("  timeline:");
        timeline.print(out);
    }

    /** The store's row, refs, outbox and audit rows; returns the canonical ids found. */
    private List<String> store(Ledger.Entry entry, Timeline timeline) {
        SharedDatabase db = run.store;
        List<Map<String, Object>> rows = entry.entity == Ledger.Entity.DEAL
                ? db.rows("select id::text, name, amount, source_modified_at, version, created_at, updated_at, archived_at, registration_status, content_hash"
                        + " from deal where split_part(name, ' ', 1) = ?", entry.key)
                : db.rows("select id::text, last_name, email, source_modified_at, version, created_at, updated_at, archived_at, content_hash"
                        + " from lead where upper(split_part(email, '@', 1)) = ?", entry.key);
        List<String> ids = new ArrayList<>();
        if (rows.isEmpty()) {
            out.accept("  store: no row");
        }
        String table = entry.entity == Ledger.Entity.DEAL ? "deal" : "lead";
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            ids.add(id);
            out.accept("  store " + table + ": " + row);
            timeline.add(row.get("updated_at"), "STORE   " + table + " updated_at (v" + row.get("version") + " '" + row.get(entry.entity == Ledger.Entity.DEAL ? "name" : "last_name")
                    + "' now), source_modified_at " + instant(row.get("source_modified_at")));
            for (Map<String, Object> ref : db.rows("select connector, external_id, source_modified_at, last_seen_hash, last_written_hash, last_written_at"
                    + " from external_ref where entity_id = ?::uuid order by connector", id)) {
                out.accept("  store external_ref: " + ref);
                timeline.add(ref.get("last_written_at"), "STORE   ref " + ref.get("connector") + " last_written_at (hash " + ref.get("last_written_hash") + ")");
                timeline.add(ref.get("source_modified_at"), "STORE   ref " + ref.get("connector") + " source_modified_at (the newest version of "
                        + ref.get("connector") + " taken in carries this time)");
            }
            List<Map<String, Object>> outbox = db.rows("select * from outbox where entity_id = ?::uuid", id);
            out.accept("  store outbox: " + (outbox.isEmpty() ? "none" : outbox.toString()));
            for (Map<String, Object> audit : db.rows("select at, actor, action, reason, detail::text from audit_event where entity_id = ?::uuid order by id", id)) {
                out.accept("  store audit_event: " + audit);
                timeline.add(audit.get("at"), "STORE   audit " + audit.get("actor") + " " + audit.get("action") + " " + audit.get("reason"));
            }
        }
        return ids;
    }

    private void salesforce(Ledger.Entry entry, Timeline timeline) {
        String object = entry.entity == Ledger.Entity.DEAL ? "Opportunity" : "Lead";
        List<Map<String, Object>> copies = new ArrayList<>();
        if (entry.origin.equals(Ledger.SALESFORCE)) {
            run.salesforce.all(object).stream().filter(r -> entry.originId.equals(r.get("Id"))).forEach(copies::add);
        } else {
            if (opportunitiesByKey == null) {
                opportunitiesByKey = new HashMap<>();
                run.salesforce.all("Opportunity").forEach(r -> opportunitiesByKey.computeIfAbsent(firstWord(r.get("Name")), k -> new ArrayList<>()).add(r));
            }
            copies.addAll(opportunitiesByKey.getOrDefault(entry.key, List.of()));
        }
        if (copies.isEmpty()) {
            out.accept("  vendor-sf: no " + object);
        }
        for (Map<String, Object> record : copies) {
            out.accept("  vendor-sf " + object + ": " + salesforceFields(record));
            Versioned.Trace<Map<String, Object>> trace = run.salesforce.trace(object, String.valueOf(record.get("Id")));
            trace.history().forEach(w -> timeline.add(Instant.ofEpochMilli(w.atMillis()), "SF      " + w.actor() + ": " + salesforceFields(w.version())));
            trace.served().forEach(s -> timeline.add(Instant.ofEpochMilli(s.firstMillis()), "SF      queries served an older version " + s.times() + "x until "
                    + Instant.ofEpochMilli(s.lastMillis()) + ": " + salesforceFields(s.version())));
        }
    }

    private void portal(Ledger.Entry entry, String partner, HubSpotSimulator portal, List<String> ids, Timeline timeline) {
        String type = entry.entity == Ledger.Entity.DEAL ? "deals" : "contacts";
        String name = partner + "-hubspot";
        Map<String, Map<String, String>> copies = new LinkedHashMap<>();
        portal.all(type).forEach((id, p) -> {
            String key = entry.entity == Ledger.Entity.DEAL ? firstWord(p.get("dealname"))
                    : p.get("email") == null ? null : p.get("email").split("@")[0].toUpperCase();
            if (entry.key.equals(key) || ids.contains(p.get(HubSpotSimulator.UNIQUE))) {
                copies.put(id, p);
            }
        });
        if (copies.isEmpty()) {
            out.accept("  " + name + ": no " + type);
            return;
        }
        copies.forEach((id, p) -> {
            out.accept("  " + name + " " + type + " " + id + ": " + portalFields(p));
            Versioned.Trace<Map<String, String>> trace = portal.trace(type, id);
            trace.history().forEach(w -> timeline.add(Instant.ofEpochMilli(w.atMillis()), pad(name) + w.actor() + ": " + portalFields(w.version())));
            trace.served().forEach(s -> timeline.add(Instant.ofEpochMilli(s.firstMillis()), pad(name) + "searches served an older version " + s.times() + "x until "
                    + Instant.ofEpochMilli(s.lastMillis()) + ": " + portalFields(s.version())));
        });
    }

    private static String salesforceFields(Map<String, Object> r) {
        return "Id " + r.get("Id") + " Name '" + (r.containsKey("Name") ? r.get("Name") : r.get("LastName")) + "' Amount " + r.get("Amount")
                + " SystemModstamp " + r.get("SystemModstamp") + " PartnerSync_Id__c " + r.get("PartnerSync_Id__c") + " Registration_Status__c "
                + r.get("Registration_Status__c");
    }

    private static String portalFields(Map<String, String> p) {
        return "dealname '" + (p.containsKey("dealname") ? p.get("dealname") : p.get("lastname")) + "' amount " + p.get("amount") + " hs_lastmodifieddate "
                + p.get("hs_lastmodifieddate") + " partnersync_id " + p.get(HubSpotSimulator.UNIQUE) + " partnersync_registration_status "
                + p.get("partnersync_registration_status");
    }

    private static String pad(String name) {
        return String.format("%-8s", name.replace("-hubspot", "")) + "(portal) ";
    }

    private static String firstWord(Object name) {
        return name == null || name.toString().isBlank() ? null : name.toString().trim().split("\\s+")[0];
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof Instant i ? i : null;
    }

    /** Events of one record from every source, printed in time order. */
    private static final class Timeline {
        private final List<Map.Entry<Instant, String>> events = new ArrayList<>();

        void add(Object at, String what) {
            Instant instant = at instanceof Instant i ? i : instant(at);
            if (instant != null) {
                events.add(Map.entry(instant, what));
            }
        }

        void print(Consumer<String> out) {
            events.stream().sorted(Comparator.comparing(Map.Entry<Instant, String>::getKey)).forEach(e -> out.accept("    " + e.getKey() + "  " + e.getValue()));
        }
    }
}
