package io.partnersync.connector.hubspot;

import static io.partnersync.support.Records.salesforceLead;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.Account;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.Lead;
import io.partnersync.canonical.Partner;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.support.IntegrationTest;
import io.partnersync.sync.IngestService;
import io.partnersync.sync.OutboxRelay;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a domain step asks for is done in the ingest transaction and reaches the CRMs: a lead the
 * vendor moves from one partner to another is withdrawn from the first partner's portal (marked
 * recalled there, not deleted), a record the step creates is created once whatever replays, and
 * the step's audit event names its rule. The step here is a plain SPI implementation, as lead
 * distribution will be.
 */
@IntegrationTest
@Import(DomainStepEffectsIT.Reassignment.class)
@DisplayName("Effects of a domain step")
class DomainStepEffectsIT extends HubSpotTest {

    @Autowired IngestService ingest;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;

    /** Withdraws a reassigned lead from its previous partner's connector and keeps one account per lead company. */
    @TestConfiguration
    static class Reassignment {
        @Bean
        DomainStep<Lead> reassignment(PartnerSyncProperties properties, CanonicalRepository canonical) {
            return new DomainStep<>() {
                @Override
                public EntityType entity() {
                    return EntityType.LEAD;
                }

                @Override
                public Effects<Lead> apply(Change<Lead> change) {
                    Effects<Lead> effects = Effects.store(change.after());
                    String company = change.after().company();
                    UUID account = UUID.nameUUIDFromBytes(("lead-company:" + company).getBytes(StandardCharsets.UTF_8));
                    effects = effects.with(new Effects.Create(EntityType.ACCOUNT, account, new Account(company, change.after().domain(), null)));
                    UUID was = change.before() == null ? null : change.before().partnerId();
                    if (was != null && !Objects.equals(was, change.after().partnerId())) {
                        String key = canonical.findById(EntityType.PARTNER, was)
                                .map(row -> ((Partner) CanonicalFields.fromMap(EntityType.PARTNER, row.fields())).key()).orElseThrow();
                        String connector = properties.connectors().stream().filter(c -> key.equals(c.partner())).findFirst().orElseThrow().name();
                        effects = effects.with(new Effects.Withdraw(connector))
                                .with(new Effects.Audit("test-distribution", "lead-withdrawn", "distribution.reassigned",
                                        "Given to another partner.", Map.of("from", connector)));
                    }
                    return effects;
                }
            };
        }
    }

    @BeforeEach
    void fresh() {
        jdbc.update("truncate deal, lead, account, partner, external_ref, outbox, sync_checkpoint, sync_failure, audit_event");
        freshPortalsAndPartners(ingest);
    }

    @Test
    @DisplayName("a lead moved to another partner is withdrawn from the first portal (marked recalled), given to the second, its account created once")
    void withdrawCreateAudit() {
        ingest.ingest("vendor-sf", EntityType.LEAD, List.of(salesforceLead("00QL1", "001A", "dana@contoso.com", "Contoso", "2026-11-21T09:00:00.000+0000")), null);
        relay.relay("acme-hubspot");
        assertThat(ACME_PORTAL.objects("contacts")).hasSize(1);

        ingest.ingest("vendor-sf", EntityType.LEAD, List.of(salesforceLead("00QL1", "001G", "dana@contoso.com", "Contoso", "2026-11-21T10:00:00.000+0000")), null);
        assertThat(jdbc.queryForObject("select operation from outbox where target_connector = 'acme-hubspot'", String.class)).isEqualTo("WITHDRAW");
        relay.relay("acme-hubspot");
        relay.relay("globex-hubspot");

        var acmeCopy = ACME_PORTAL.objects("contacts").values().iterator().next();
        assertThat(acmeCopy.path("properties").path("partnersync_lead_status").asText()).as("withdrawn, not deleted").isEqualTo("recalled");
        assertThat(GLOBEX_PORTAL.objects("contacts")).hasSize(1);
        assertThat(jdbc.queryForList("select name from account", String.class)).as("created once across two changes").containsExactly("Contoso");
        Map<String, Object> audit = jdbc.queryForMap("select actor, reason, detail->>'rule' as rule from audit_event where action = 'lead-withdrawn'");
        assertThat(audit).containsEntry("actor", "test-distribution").containsEntry("rule", "distribution.reassigned");
        assertThat(jdbc.queryForList("select connector, category, reason from sync_failure")).isEmpty();
    }
}
