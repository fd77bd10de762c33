package io.partnersync.reliability;

import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.sandbox.simulator.HubSpotSimulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts, by reading the fakes' state and the store (never the service's own reports), what is
 * missing, duplicated and stale in each system against the {@link Ledger}: per system and entity,
 * a record expected there with no copy is missing; every copy beyond the first is a duplicate (by
 * key, and by distinct PartnerSync ids among the copies); a record none of whose copies carries
 * its latest version is stale; a copy in a system the record must not reach is misrouted.
 */
final class Census {

    /** One record as a system holds it. */
    record Copy(String key, String label, BigDecimal amount, String partnerSyncId) {
    }

    /** The figures of one system and entity. */
    record Figures(String system, Ledger.Entity entity, int expected, int present, int missing, int duplicated, int duplicatedById, int stale,
                   int misrouted, int unknown, Samples samples) {
        boolean clean() {
            return missing == 0 && duplicated == 0 && duplicatedById == 0 && stale == 0 && misrouted == 0;
        }

        @Override
        public String toString() {
            return String.format("%-15s %-5s expected %6d present %6d missing %6d duplicated %6d (by id %6d) stale %6d misrouted %5d unkeyed %5d",
                    system, entity, expected, present, missing, duplicated, duplicatedById, stale, misrouted, unknown);
        }
    }

    /** Up to {@value #SAMPLES} keys of each kind of finding; {@code stale} lists every stale key (the diagnostics pick their samples). */
    record Samples(List<String> missing, List<String> duplicated, List<String> stale, List<String> misrouted) {
        static final int SAMPLES = 5;

        Samples() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        private static void add(List<String> keys, String key) {
            if (keys.size() < SAMPLES && !keys.contains(key)) {
                keys.add(key);
            }
        }
    }

    private Census() {
    }

    /** Copies per system and entity: store (JDBC), Salesforce, each portal. */
    static Map<String, Map<Ledger.Entity, List<Copy>>> observe(SharedDatabase store, SalesforceSimulator salesforce, Map<String, HubSpotSimulator> portals,
                                                               Map<String, SalesforceSimulator> partnerOrgs,
                                                               Map<String, io.partnersync.sandbox.simulator.DataverseSimulator> environments) {
        Map<String, Map<Ledger.Entity, List<Copy>>> systems = new LinkedHashMap<>();
        systems.put(Ledger.STORE, Map.of(
                Ledger.Entity.DEAL, store.rows("select id::text, name, amount from deal where archived_at is null").stream()
                        .map(r -> new Copy(firstWord((String) r.get("name")), (String) r.get("name"), decimal(r.get("amount")), (String) r.get("id"))).toList(),
                Ledger.Entity.LEAD, store.rows("select id::text, email, last_name from lead where archived_at is null").stream()
                        .map(r -> new Copy(leadKey((String) r.get("email")), (String) r.get("last_name"), null, (String) r.get("id"))).toList()));
        systems.put(Ledger.SALESFORCE, Map.of(
                Ledger.Entity.DEAL, salesforce.all("Opportunity").stream().filter(r -> !Boolean.TRUE.equals(r.get("IsDeleted")))
                        .map(r -> new Copy(firstWord(text(r.get("Name"))), text(r.get("Name")), decimal(r.get("Amount")), text(r.get("PartnerSync_Id__c")))).toList(),
                Ledger.Entity.LEAD, salesforce.all("Lead").stream().filter(r -> !Boolean.TRUE.equals(r.get("IsDeleted")))
                        .map(r -> new Copy(leadKey(text(r.get("Email"))), text(r.get("LastName")), null, text(r.get("PartnerSync_Id__c")))).toList()));
        portals.forEach((partner, portal) -> systems.put(partner + "-hubspot", Map.of(
                Ledger.Entity.DEAL, portal.all("deals").values().stream()
                        .map(p -> new Copy(firstWord(p.get("dealname")), p.get("dealname"), decimal(p.get("amount")), blankToNull(p.get(HubSpotSimulator.UNIQUE)))).toList(),
                Ledger.Entity.LEAD, portal.all("contacts").values().stream()
                        .map(p -> new Copy(leadKey(p.get("email")), p.get("lastname"), null, blankToNull(p.get(HubSpotSimulator.UNIQUE)))).toList())));
        partnerOrgs.forEach((partner, org) -> systems.put(Users.CONNECTORS.get(partner), Map.of(
                Ledger.Entity.DEAL, org.all("Opportunity").stream().filter(r -> !Boolean.TRUE.equals(r.get("IsDeleted")))
                        .map(r -> new Copy(firstWord(text(r.get("Name"))), text(r.get("Name")), decimal(r.get("Amount")), text(r.get("PartnerSync_Id__c")))).toList(),
                Ledger.Entity.LEAD, org.all("Lead").stream().filter(r -> !Boolean.TRUE.equals(r.get("IsDeleted")))
                        .map(r -> new Copy(leadKey(text(r.get("Email"))), text(r.get("LastName")), null, text(r.get("PartnerSync_Id__c")))).toList())));
        environments.forEach((partner, environment) -> systems.put(Users.CONNECTORS.get(partner), Map.of(
                Ledger.Entity.DEAL, environment.all("opportunities").stream()
                        .map(r -> new Copy(firstWord(text(r.get("name"))), text(r.get("name")), decimal(r.get("estimatedvalue")), text(r.get("partnersync_id")))).toList(),
                Ledger.Entity.LEAD, environment.all("leads").stream()
                        .map(r -> new Copy(leadKey(text(r.get("emailaddress1"))), text(r.get("lastname")), null, text(r.get("partnersync_id")))).toList())));
        return systems;
    }

    static List<Figures> count(Ledger ledger, Map<String, Map<Ledger.Entity, List<Copy>>> systems) {
        List<Figures> figures = new ArrayList<>();
        systems.forEach((system, byEntity) -> {
            for (Ledger.Entity entity : Ledger.Entity.values()) {
                Map<String, List<Copy>> byKey = new HashMap<>();
                int unknown = 0;
                for (Copy copy : byEntity.getOrDefault(entity, List.of())) {
                    if (copy.key() == null || ledger.get(copy.key()) == null) {
                        unknown++;
                    } else {
                        byKey.computeIfAbsent(copy.key(), k -> new ArrayList<>()).add(copy);
                    }
                }
                int expected = 0;
                int present = 0;
                int missing = 0;
                int duplicated = 0;
                int byId = 0;
                int stale = 0;
                int misrouted = 0;
                Samples samples = new Samples();
                for (Ledger.Entry entry : ledger.all()) {
                    if (entry.entity != entity) {
                        continue;
                    }
                    List<Copy> copies = byKey.getOrDefault(entry.key, List.of());
                    if (!entry.expectedIn().contains(system)) {
                        misrouted += copies.size();
                        if (!copies.isEmpty()) {
                            Samples.add(samples.misrouted(), entry.key);
                        }
                        continue;
                    }
                    expected++;
                    if (copies.isEmpty()) {
                        missing++;
                        Samples.add(samples.missing(), entry.key);
                        continue;
                    }
                    present++;
                    duplicated += copies.size() - 1;
                    Set<String> ids = new HashSet<>();
                    copies.stream().map(Copy::partnerSyncId).filter(java.util.Objects::nonNull).forEach(ids::add);
                    byId += Math.max(0, ids.size() - 1);
                    if (copies.size() > 1 || ids.size() > 1) {
                        Samples.add(samples.duplicated(), entry.key);
                    }
                    if (copies.stream().noneMatch(c -> latest(entry, c))) {
                        stale++;
                        samples.stale().add(entry.key);
                    }
                }
                figures.add(new Figures(system, entity, expected, present, missing, duplicated, byId, stale, misrouted, unknown, samples));
            }
        });
        return figures;
    }

    private static boolean latest(Ledger.Entry entry, Copy copy) {
        return entry.label().equals(copy.label())
                && (entry.entity != Ledger.Entity.DEAL || copy.amount() != null && copy.amount().compareTo(BigDecimal.valueOf(entry.amount())) == 0);
    }

    private static String firstWord(String name) {
        return name == null || name.isBlank() ? null : name.trim().split("\\s+")[0];
    }

    private static String leadKey(String email) {
        return email == null || !email.contains("@") ? null : email.substring(0, email.indexOf('@')).toUpperCase();
    }

    private static BigDecimal decimal(Object value) {
        try {
            return value == null || value.toString().isBlank() ? null : new BigDecimal(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
