package io.partnersync.sync;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.support.Connectors;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.SalesforceOrg;
import io.partnersync.support.StoreTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One bad record never stops a connector: what the store cannot take, or a value that does not
 * fit the canonical type, is kept as a failure naming record, field and reason, while the rest of
 * the page lands with its checkpoint; once the record is fixed in its CRM, the next read takes it.
 */
@IntegrationTest
@DisplayName("Poison records")
class PoisonRecordsIT extends StoreTest {

    static final SalesforceOrg ORG = new SalesforceOrg();
    static final SalesforceFake SALESFORCE = new SalesforceFake(ORG).start();
    static final HubSpotPortal ACME_PORTAL = new HubSpotPortal();
    static final WireMockServer ACME = new WireMockServer(options().dynamicPort().extensions(ACME_PORTAL));
    static final AtomicLong IDS = new AtomicLong(61_000_000_000L);
    static final DateTimeFormatter HUBSPOT_TIME = io.partnersync.support.Records.HUBSPOT_TIME;
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    static {
        ACME.start();
    }

    @Autowired IncrementalReads salesforce;
    @Autowired IncrementalReads hubspot;
    @Autowired JdbcTemplate jdbc;
    @Autowired org.springframework.boot.resttestclient.TestRestTemplate http;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,deal", "POISON_SF");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::baseUrl, "deal");
        registry.add("partnersync.governance.registration.enabled", () -> "false");
    }

    @BeforeEach
    void fresh() {
        SALESFORCE.reset();
        ORG.serve(SALESFORCE.server());
        ORG.clear();
        ACME.resetAll();
        HubSpotPortal.serve(ACME);
        ACME_PORTAL.clear();
        jdbc.update("truncate deal, account, partner, external_ref, outbox, sync_checkpoint, sync_failure");
        ORG.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", MODSTAMP.format(Instant.now().minusSeconds(5))));
        salesforce.read("vendor-sf", EntityType.PARTNER);
    }

    static Stream<Arguments> poison() {
        return Stream.of(
                Arguments.of("an amount of 1e15 (numeric overflow)", (Consumer<ObjectNode>) p -> p.put("amount", "1e15"), "amount", "too large"),
                Arguments.of("an amount of 0.00001 (too many decimals)", (Consumer<ObjectNode>) p -> p.put("amount", "0.00001"), "amount", "decimal places"),
                Arguments.of("an array where the deal name is expected", (Consumer<ObjectNode>) p -> p.putArray("dealname").add("X08").add("array"),
                        "name", "was a list"),
                Arguments.of("an object where the amount is expected", (Consumer<ObjectNode>) p -> p.putObject("amount").put("value", 5),
                        "amount", "was an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    @DisplayName("a HubSpot deal with a value that does not fit is a VALIDATION failure naming the field; the page and the next page land; fixed, it lands")
    void hubspotPoison(String label, Consumer<ObjectNode> spoil, String field, String problem) {
        String good = deal("Good one", Instant.now().minusSeconds(30), p -> { });
        String bad = deal("Bad one", Instant.now().minusSeconds(20), spoil);
        String after = deal("Good two", Instant.now().minusSeconds(10), p -> { });

        var read = hubspot.read("acme-hubspot", EntityType.DEAL);

        assertThat(read.records()).isEqualTo(3);
        assertThat(read.failed()).as("the read says how many it kept as failures (the connector's state shows it)").isEqualTo(1);
        assertThat(inStore(good)).isTrue();
        assertThat(inStore(after)).as("the record after the bad one lands").isTrue();
        assertThat(inStore(bad)).isFalse();
        Map<String, Object> failure = jdbc.queryForMap("select category, reason from sync_failure where external_id = ? and resolved_at is null", bad);
        assertThat(failure.get("category")).isEqualTo("VALIDATION");
        assertThat((String) failure.get("reason")).contains("field " + field).contains(problem);
        assertThat(health("acme-hubspot")).as("the connector stays UP").containsEntry("status", "UP");
        assertThat(jdbc.queryForObject("select cursor_id from sync_checkpoint where connector = 'acme-hubspot' and entity_type = 'DEAL'", String.class))
                .as("the page's checkpoint is saved past the bad record").isEqualTo(after);

        String next = deal("Next page", Instant.now().minusSeconds(1), p -> { });
        ObjectNode fixed = (ObjectNode) ACME_PORTAL.find("deals", bad).path("properties");
        fixed.put("dealname", "Bad one, fixed").put("amount", "5000").put("hs_lastmodifieddate", HUBSPOT_TIME.format(Instant.now()));
        hubspot.read("acme-hubspot", EntityType.DEAL);

        assertThat(inStore(next)).isTrue();
        assertThat(inStore(bad)).as("the fixed record lands").isTrue();
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where external_id = ? and resolved_at is null", Integer.class, bad)).isZero();
    }

    @Test
    @DisplayName("a NUL character in HubSpot text is removed (documented), never stopping the page")
    void nulInText() {
        String deal = deal("Contoso\u0000 firewall", Instant.now().minusSeconds(3), p -> { });

        hubspot.read("acme-hubspot", EntityType.DEAL);

        assertThat(jdbc.queryForObject("select d.name from deal d join external_ref r on r.entity_id = d.id where r.external_id = ?", String.class, deal))
                .isEqualTo("Contoso firewall");
    }

    @Test
    @DisplayName("a second Salesforce partner Account with a key already held is a DUPLICATE failure naming the key; the other partners land; fixed, it lands")
    void duplicatePartnerKey() {
        ORG.seed("Account", salesforcePartner("001B0000000COPY1", "acme", "Acme copy", "Silver", MODSTAMP.format(Instant.now().minusSeconds(4))));
        Map<String, Object> nul = salesforcePartner("001N00000000NULL", "initech", "Ini\u0000tech", "Silver", MODSTAMP.format(Instant.now().minusSeconds(3)));
        ORG.seed("Account", nul);
        ORG.seed("Account", salesforcePartner("001G0000000GLOBX", "globex", "Globex", "Gold", MODSTAMP.format(Instant.now().minusSeconds(2))));

        salesforce.read("vendor-sf", EntityType.PARTNER);

        assertThat(jdbc.queryForList("select key from partner order by key", String.class)).containsExactly("acme", "globex", "initech");
        assertThat(jdbc.queryForObject("select name from partner where key = 'initech'", String.class)).isEqualTo("Initech");
        Map<String, Object> failure = jdbc.queryForMap("select category, reason from sync_failure where external_id = '001B0000000COPY1' and resolved_at is null");
        assertThat(failure.get("category")).isEqualTo("DUPLICATE");
        assertThat((String) failure.get("reason")).contains("partner '001B0000000COPY1'").contains("(key)=(acme)");
        assertThat(health("vendor-sf")).as("the vendor connector stays UP").containsEntry("status", "UP");

        ORG.edit("Account", "001B0000000COPY1", Map.of("PartnerSync_Key__c", "acme-emea"));
        salesforce.read("vendor-sf", EntityType.PARTNER);

        assertThat(jdbc.queryForList("select key from partner order by key", String.class)).containsExactly("acme", "acme-emea", "globex", "initech");
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Integer.class)).isZero();
    }

    private String deal(String name, Instant modified, Consumer<ObjectNode> spoil) {
        String id = String.valueOf(IDS.incrementAndGet());
        ObjectNode deal = io.partnersync.support.Records.portalDeal(id, name, "1000", modified);
        spoil.accept((ObjectNode) deal.path("properties"));
        ACME_PORTAL.seed("deals", List.of(deal));
        return id;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> health(String connector) {
        return http.withBasicAuth("viewer", "viewer-test-password").getForObject("/actuator/health/connectors/" + connector, Map.class);
    }

    private boolean inStore(String externalId) {
        return jdbc.queryForObject("select count(*) from external_ref where connector = 'acme-hubspot' and external_id = ?", Integer.class, externalId) == 1;
    }
}
