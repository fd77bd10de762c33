package example.memorycrm;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.PartnerSyncApplication;
import io.partnersync.canonical.EntityType;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Records;
import io.partnersync.support.Simulators;
import io.partnersync.support.TestDatabase;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.sync.OutboxRelay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A CRM kind added without touching PartnerSync: {@link MemoryKind} is one bean from this package,
 * its mapping one file, and one connector of it is configured. Through the real engine (the real
 * service, its routes, governance and relay, PostgreSQL, camel-salesforce against the simulated
 * org), deals flow from the partner's CRM to Salesforce and decisions and edits flow back; a value
 * the CRM refuses is kept as a failure with its reason; after a restart the reads go on where they
 * stopped.
 */
@DisplayName("A connector kind added from its own package")
class MemoryKindIT {

    static final SalesforceSimulator ORG = Simulators.salesforce();
    static final MemoryCrm CRM = new MemoryCrm();
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    static Path dir;

    private ConfigurableApplicationContext service;

    @AfterAll
    static void closeOrg() {
        ORG.close();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @DisplayName("syncs deals both ways with Salesforce, keeps what the CRM refuses as a failure with its reason, and resumes its reads after a restart")
    void bothWaysThroughTheEngine() throws IOException {
        String database = TestDatabase.newDatabase();
        Path mappings = mappings();
        service = start(database, mappings);
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);

        ORG.seed("Account", Records.salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", modstamp()));
        reads().read("vendor-sf", EntityType.PARTNER);

        // reps register three deals in their own CRM
        String contoso = CRM.create(deal("Contoso firewall refresh", "60000.10", "Contoso GmbH", "contoso.example"));
        String fabrikam = CRM.create(deal("Fabrikam branch offices", "12000", "Fabrikam AG", "fabrikam.example"));
        String lucerne = CRM.create(deal("Lucerne campus", "8000", "Lucerne Publishing", "lucerne.example"));
        IncrementalReads.Result read = reads().read("acme-memory", EntityType.DEAL);
        assertThat(read.records()).isEqualTo(3);
        assertThat(read.pages()).as("pages of 2, as the connector's settings ask").isEqualTo(2);
        relay("vendor-sf", "acme-memory");

        // Salesforce holds each as an approved registration; the rep sees the decision on the same record
        for (String id : List.of(contoso, fabrikam, lucerne)) {
            UUID deal = dealId(jdbc, id);
            assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", deal)).as("deal %s in Salesforce", id)
                    .containsEntry("Name", CRM.get(id).get("name")).containsEntry("Registration_Status__c", "Approved");
            assertThat(CRM.get(id)).containsEntry("registration_status", "approved").containsEntry("partnersync_id", deal.toString());
            assertThat(String.valueOf(CRM.get(id).get("registration_reason"))).isNotBlank();
        }
        assertThat(CRM.all()).as("decisions are written onto the rep's records, none beside them").hasSize(3);
        assertThat(ORG.all("Opportunity")).hasSize(3);

        // our own writes read back are echoes: nothing goes back to Salesforce
        reads().read("acme-memory", EntityType.DEAL);
        assertThat(pending(jdbc, "vendor-sf")).isZero();

        // the vendor edits in Salesforce: one edit reaches the rep, one the CRM refuses (its name is too long)
        String contosoOpportunity = opportunity(jdbc, contoso);
        String fabrikamOpportunity = opportunity(jdbc, fabrikam);
        ORG.edit("Opportunity", contosoOpportunity, Map.of("Amount", 65000, "SystemModstamp", modstamp()));
        ORG.edit("Opportunity", fabrikamOpportunity, Map.of("Name", "Fabrikam branch offices in Vienna, Graz and Linz", "SystemModstamp", modstamp()));
        reads().read("vendor-sf", EntityType.DEAL);
        relay("acme-memory");

        assertThat(new BigDecimal(String.valueOf(CRM.get(contoso).get("amount")))).isEqualByComparingTo("65000");
        assertThat(CRM.get(fabrikam)).containsEntry("name", "Fabrikam branch offices");
        Map<String, Object> failure = jdbc.queryForMap("select category, reason, direction from sync_failure where connector = 'acme-memory' and resolved_at is null");
        assertThat(failure).containsEntry("category", "VALIDATION").containsEntry("direction", "OUTBOUND");
        assertThat((String) failure.get("reason")).contains("the memory CRM refused it").contains("name is at most 40 characters");

        // a restart: the next read starts where the last one stopped
        reads().read("acme-memory", EntityType.DEAL);
        service.close();
        String northwind = CRM.create(deal("Northwind expansion", "30000", "Northwind Traders", "northwind.example"));
        service = start(database, mappings);
        CRM.served.clear();
        read = reads().read("acme-memory", EntityType.DEAL);
        assertThat(CRM.served).as("the read went on from its checkpoint: the new deal, not the ones read before the restart")
                .contains(northwind).doesNotContain(lucerne);
        assertThat(read.records()).isLessThan(3);
        relay("vendor-sf", "acme-memory");
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", dealId(service.getBean(JdbcTemplate.class), northwind))).isNotNull();
        assertThat(ORG.all("Opportunity")).as("one opportunity per deal, none twice").hasSize(4);
        assertThat(CRM.all()).hasSize(4);
    }

    private IncrementalReads reads() {
        return service.getBean(IncrementalReads.class);
    }

    private void relay(String... connectors) {
        OutboxRelay relay = service.getBean(OutboxRelay.class);
        for (int round = 0; round < 2; round++) {
            for (String connector : connectors) {
                relay.relay(connector);
            }
        }
    }

    /** The service with the memory kind registered (one bean) and one connector of it; settings as command-line arguments, as an admin's. */
    private static ConfigurableApplicationContext start(String database, Path mappings) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", database);
        settings.put("spring.datasource.username", "postgres");
        settings.put("server.port", "0");
        settings.put("partnersync.mappings-dir", mappings);
        String sf = "partnersync.connectors[0].";
        settings.put(sf + "name", "vendor-sf");
        settings.put(sf + "type", "salesforce");
        settings.put(sf + "role", "vendor");
        settings.put(sf + "base-url", ORG.url());
        settings.put(sf + "local-sandbox", "true");
        settings.put(sf + "entities", "partner,deal");
        settings.put(sf + "secret-env.client-id", "MEMORY_SF_CLIENT_ID");
        settings.put(sf + "secret-env.client-secret", "MEMORY_SF_CLIENT_SECRET");
        settings.put("MEMORY_SF_CLIENT_ID", "3MVG9-memory");
        settings.put("MEMORY_SF_CLIENT_SECRET", "secret-of-memory");
        String memory = "partnersync.connectors[1].";
        settings.put(memory + "name", "acme-memory");
        settings.put(memory + "type", "memory");
        settings.put(memory + "role", "partner");
        settings.put(memory + "partner", "acme");
        settings.put(memory + "entities", "deal");
        settings.put(memory + "memory.page-size", "2");
        settings.put(memory + "memory.look-back", "PT0S");
        settings.put("partnersync.governance.registration.product-lines.network-security", "Firewall,Firewall X200");
        settings.put("partnersync.governance.registration.tiers.gold.auto-approve-below", "100000");
        return new SpringApplicationBuilder(PartnerSyncApplication.class, MemoryKind.class).profiles("test")
                .initializers(context -> context.getBeanFactory().registerSingleton("memoryCrm", CRM))
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** The shipped mappings, and the memory kind's own file beside them. */
    private static Path mappings() throws IOException {
        Path mappings = dir.resolve("mappings");
        try (Stream<Path> files = Files.walk(Path.of("mappings"))) {
            for (Path file : files.toList()) {
                Path target = mappings.resolve(Path.of("mappings").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Files.createDirectories(mappings.resolve("memory"));
        try (InputStream in = MemoryKindIT.class.getResourceAsStream("deal.yaml")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("example/memorycrm/deal.yaml is not on the test class path"));
            }
            Files.copy(in, mappings.resolve("memory/deal.yaml"));
        }
        return mappings;
    }

    /** A deal as a rep enters it and asks for it to be registered. */
    private static Map<String, Object> deal(String name, String amount, String customer, String domain) {
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("name", name);
        deal.put("amount", amount);
        deal.put("currency", "EUR");
        deal.put("close_date", TODAY.plusMonths(4).toString());
        deal.put("stage", "proposal");
        deal.put("customer_name", customer);
        deal.put("customer_domain", domain);
        deal.put("product", "Firewall X200");
        deal.put("register", "true");
        return deal;
    }

    private static UUID dealId(JdbcTemplate jdbc, String externalId) {
        return jdbc.queryForObject("select entity_id from external_ref where connector = 'acme-memory' and entity_type = 'DEAL' and external_id = ?",
                UUID.class, externalId);
    }

    private static String opportunity(JdbcTemplate jdbc, String externalId) {
        return (String) Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", dealId(jdbc, externalId)).get("Id");
    }

    private static long pending(JdbcTemplate jdbc, String target) {
        return jdbc.queryForObject("select count(*) from outbox where target_connector = ? and status = 'PENDING'", Long.class, target);
    }

    private static String modstamp() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC).format(Instant.now());
    }
}
