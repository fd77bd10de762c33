package io.partnersync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.support.TestDatabase;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The outbox hands a target's due entries out in turns by the connector whose change queued them (real PostgreSQL). */
@DisplayName("Outbox turns by source")
class OutboxTurnsIT {

    OutboxRepository outbox;
    JdbcTemplate jdbc;

    @BeforeEach
    void store() {
        DriverManagerDataSource data = new DriverManagerDataSource(TestDatabase.newDatabase(), "postgres", "");
        Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(data);
        outbox = new OutboxRepository(jdbc, event -> { });
    }

    @Test
    @DisplayName("a partner's import of 5,000 deals queued first, then 3 deals of another partner: the next batch of 200 to the vendor carries the 3")
    void noStarvation() {
        List<OutboxEntry> bulk = IntStream.range(0, 5_000).mapToObj(i -> entry()).toList();
        outbox.enqueue("acme-hubspot", bulk);
        jdbc.update("update outbox set next_attempt_at = now() - interval '1 minute'"); // queued well before
        List<OutboxEntry> few = List.of(entry(), entry(), entry());
        outbox.enqueue("globex-hubspot", few);

        List<OutboxEntry> batch = outbox.due("vendor-sf", 200);

        assertThat(batch).hasSize(200);
        assertThat(batch).extracting(OutboxEntry::entityId).containsAll(few.stream().map(OutboxEntry::entityId).toList());
        assertThat(batch.subList(0, 6)).extracting(OutboxEntry::entityId)
                .as("turns: acme's oldest, globex's oldest, and so on").containsAll(few.stream().map(OutboxEntry::entityId).toList());
    }

    @Test
    @DisplayName("one source alone: oldest first, as before")
    void oneSource() {
        List<OutboxEntry> entries = IntStream.range(0, 10).mapToObj(i -> entry()).toList();
        for (OutboxEntry e : entries) {
            outbox.enqueue("acme-hubspot", List.of(e));
        }

        assertThat(outbox.due("vendor-sf", 10)).extracting(OutboxEntry::entityId).containsExactlyElementsOf(entries.stream().map(OutboxEntry::entityId).toList());
    }

    private static OutboxEntry entry() {
        return new OutboxEntry("vendor-sf", EntityType.DEAL, UUID.randomUUID(), OutboxEntry.Operation.UPSERT, "hash", 0);
    }
}
