package io.partnersync.connector.hubspot;

import io.partnersync.sync.IncrementalReads;
import static io.partnersync.support.Records.salesforceOpportunity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.partnersync.canonical.EntityType;
import io.partnersync.sync.DuePolls;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.Records;
import io.partnersync.sync.IngestService;
import io.partnersync.sync.OutboxRelay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Connectors run in parallel: a portal that answers every call after 2 s does not hold back
 * another portal's reads or writes, which land while the slow portal's first answer is still on
 * its way.
 */
@IntegrationTest
// its own application context: the shared one may hold a portal stopped by another test's properties check
@org.springframework.test.context.TestPropertySource(properties = "partnersync.connector-threads=4")
@DisplayName("A slow portal")
class SlowPortalIT extends HubSpotTest {

    @Autowired IncrementalReads poller;
    @Autowired io.partnersync.sync.DuePolls polls;
    @Autowired DuePolls due;
    @Autowired OutboxRelay relay;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    void fresh() {
        jdbc.update("truncate deal, lead, partner, external_ref, outbox, sync_checkpoint, sync_failure");
        jdbc.update("update shedlock set lock_until = now()");
        freshPortalsAndPartners(ingest);
        ACME.setGlobalFixedDelay(2000);
    }

    @AfterEach
    void fast() {
        ACME.setGlobalFixedDelay(0);
    }

    @Test
    @DisplayName("does not delay another portal's poll")
    void polls() {
        ACME_PORTAL.seed("deals", List.of(Records.portalDeal("81000000001", "Acme deal", "1000", Instant.now().minusSeconds(5))));
        GLOBEX_PORTAL.seed("deals", List.of(Records.portalDeal("82000000001", "Globex deal", "1000", Instant.now().minusSeconds(5))));
        due.pollSoon("acme-hubspot");
        due.pollSoon("globex-hubspot");

        polls.pollDue();

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("globex-hubspot") == 1);
        assertThat(stored("acme-hubspot")).as("the slow portal's read (2 s a call, two entities) has not answered yet").isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> stored("acme-hubspot") == 1);
    }

    @Test
    @DisplayName("does not delay another portal's writes")
    void relays() {
        ingest.ingest("vendor-sf", EntityType.DEAL, List.of(salesforceOpportunity("006A", "001A", "For Acme", 1000, "2026-11-21T09:00:00.000+0000"),
                salesforceOpportunity("006G", "001G", "For Globex", 1000, "2026-11-21T09:00:00.000+0000")), null);

        relay.relayAll();

        await().atMost(Duration.ofSeconds(10)).until(() -> pending("globex-hubspot") == 0);
        assertThat(GLOBEX_PORTAL.objects("deals")).hasSize(1);
        assertThat(pending("acme-hubspot")).as("the slow portal's write has not been answered yet").isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> pending("acme-hubspot") == 0);
        assertThat(ACME_PORTAL.objects("deals")).hasSize(1);
    }

    private int pending(String connector) {
        return jdbc.queryForObject("select count(*) from outbox where target_connector = ? and status = 'PENDING'", Integer.class, connector);
    }

    private int stored(String connector) {
        return jdbc.queryForObject("select count(*) from external_ref where connector = ? and entity_type = 'DEAL'", Integer.class, connector);
    }
}
