package io.partnersync.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.SalesforceOrg;
import io.partnersync.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances of the service (two application contexts, each with its own timers, pollers and
 * relay) on one PostgreSQL, as a user scales out or rolls a deploy: each connector is polled by
 * one of them at a time and every record is written once.
 */
@DisplayName("Two instances on one database")
class TwoInstancesIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter HUBSPOT_TIME = io.partnersync.support.Records.HUBSPOT_TIME;
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    static final int DEALS = 300;

    @org.junit.jupiter.api.extension.RegisterExtension
    final io.partnersync.support.Instances instances = new io.partnersync.support.Instances();

    @Test
    @DisplayName("300 deals created in a portal while two instances run: 300 deals in the store, 300 Opportunities, each written to Salesforce once, no copy back in the portal")
    void eachRecordWrittenOnce() {
        SalesforceOrg org = new SalesforceOrg();
        SalesforceFake salesforce = new SalesforceFake(org).start();
        HubSpotPortal portal = new HubSpotPortal();
        WireMockServer acme = new WireMockServer(options().dynamicPort().extensions(portal));
        acme.start();
        try {
            org.serve(salesforce.server());
            HubSpotPortal.serve(acme);
            org.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", MODSTAMP.format(Instant.now())));
            String database = TestDatabase.newDatabase();
            start(database, salesforce.url(), acme.baseUrl());
            start(database, salesforce.url(), acme.baseUrl());
            JdbcTemplate jdbc = instances.get(0).getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from partner", Integer.class) == 1);

            List<ObjectNode> deals = new ArrayList<>();
            for (int i = 0; i < DEALS; i++) {
                deals.add(deal(String.valueOf(91_000_000_000L + i), "Deal " + i));
            }
            portal.seed("deals", deals);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    org.all("Opportunity").size() >= DEALS && jdbc.queryForObject("select count(*) from outbox", Integer.class) == 0);
            // a few more rounds of both instances' polls and relays: nothing may follow
            long settledWrites = writtenRecords(salesforce);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> writtenRecords(salesforce) == settledWrites);

            assertThat(jdbc.queryForObject("select count(*) from deal", Integer.class)).as("deals in the store").isEqualTo(DEALS);
            assertThat(org.all("Opportunity")).as("Opportunities in Salesforce").hasSize(DEALS);
            assertThat(portal.objects("deals")).as("deals in the portal: the reps' own, no copies").hasSize(DEALS);
            assertThat(writtenRecords(salesforce)).as("records written to Salesforce: one per deal").isEqualTo(DEALS).isEqualTo(settledWrites);
            assertThat(jdbc.queryForObject("select count(distinct locked_by) from shedlock where name like 'poll:%'", Integer.class))
                    .as("leases are held in PostgreSQL").isPositive();
            // each instance sees both (heartbeats every 10 s) and works on one of the two connectors
            InstanceShares first = instances.get(0).getBean(InstanceShares.class);
            InstanceShares second = instances.get(1).getBean(InstanceShares.class);
            await().atMost(Duration.ofSeconds(25)).until(() -> first.members().size() == 2 && second.members().size() == 2);
            assertThat(first.instances()).extracting(InstanceShares.Instance::connectors).containsExactly(1L, 1L);
            assertThat(List.of("vendor-sf", "acme-hubspot")).allSatisfy(connector ->
                    assertThat(first.owns(connector)).as(connector + " is one instance's").isNotEqualTo(second.owns(connector)));
        } finally {
            acme.stop();
            salesforce.server().stop();
        }
    }

    private static long writtenRecords(SalesforceFake salesforce) {
        return salesforce.server().findAll(patchRequestedFor(urlPathMatching(".*/composite/sobjects/Opportunity/.*"))).stream()
                .mapToLong(r -> {
                    try {
                        return JSON.readTree(r.getBodyAsString()).path("records").size();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).sum();
    }

    private ConfigurableApplicationContext start(String database, Object salesforceUrl, String hubspotUrl) {
        Map<String, Object> settings = io.partnersync.support.Instances.on(database);
        settings.put("partnersync.poll.enabled", "true");
        settings.put("partnersync.poll.initial-delay", "0");
        settings.put("partnersync.poll.period", "300");
        settings.put("partnersync.relay.enabled", "true");
        settings.put("partnersync.relay.initial-delay", "0");
        settings.put("partnersync.relay.period", "300");
        settings.put("partnersync.governance.registration.enabled", "false");
        io.partnersync.support.Instances.salesforceVendor(settings, salesforceUrl.toString(), "partner,deal");
        settings.put("partnersync.connectors[0].poll-interval", "PT1S");
        io.partnersync.support.Instances.hubspotPartner(settings, 1, "acme", hubspotUrl, "deal");
        settings.put("partnersync.connectors[1].poll-interval", "PT1S");
        return instances.start(settings);
    }

    private static ObjectNode deal(String id, String name) {
        return io.partnersync.support.Records.portalDeal(id, name, "1000", Instant.now());
    }
}
