package io.partnersync.sync;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.support.Connectors;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.SalesforceOrg;
import io.partnersync.support.StoreTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The relay is woken by the commit that queues its work, not by its timer. */
@IntegrationTest
@DisplayName("Relay woken by the commit")
class RelayWakeupIT extends StoreTest {

    static final SalesforceOrg ORG = new SalesforceOrg();
    static final SalesforceFake SALESFORCE = new SalesforceFake(ORG).start();
    static final HubSpotPortal ACME_PORTAL = new HubSpotPortal();
    static final WireMockServer ACME = new WireMockServer(options().dynamicPort().extensions(ACME_PORTAL));
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    static {
        ACME.start();
        ORG.serve(SALESFORCE.server());
        HubSpotPortal.serve(ACME);
    }

    @Autowired IncrementalReads hubspot;
    @Autowired IncrementalReads salesforce;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,deal", "WAKE_SF");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::baseUrl, "deal");
        registry.add("partnersync.governance.registration.enabled", () -> "false");
        // the relay's timer would first fire in an hour: only the wake-up can deliver
        registry.add("partnersync.relay.enabled", () -> "true");
        registry.add("partnersync.relay.initial-delay", () -> "3600000");
    }

    @Test
    @DisplayName("a deal read from a portal is in Salesforce within seconds, with the relay's timer an hour away")
    void writtenWithoutTheTimer() {
        ORG.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", MODSTAMP.format(Instant.now())));
        salesforce.read("vendor-sf", EntityType.PARTNER);
        ACME_PORTAL.seed("deals", List.of(io.partnersync.support.Records.portalDeal("51000000001", "Woken", "700", Instant.now())));

        hubspot.read("acme-hubspot", EntityType.DEAL);

        await().atMost(Duration.ofSeconds(10)).until(() -> ORG.all("Opportunity").size() == 1);
        assertThat(ORG.all("Opportunity").get(0)).containsEntry("Name", "Woken");
        assertThat(jdbc.queryForObject("select count(*) from outbox", Integer.class)).isZero();
    }
}
