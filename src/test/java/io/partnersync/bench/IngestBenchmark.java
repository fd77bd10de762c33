package io.partnersync.bench;

import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.uuid.Generators;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.ContentHash;
import io.partnersync.canonical.EntityType;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.mapping.RecordMapper;
import io.partnersync.store.IngestResult.Outcome;
import io.partnersync.sync.IngestService;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not a test: measures the ingest path's throughput against raw JDBC batch upserts of the same
 * rows into the same PostgreSQL, in one run. Rounds alternate the two so that JIT warm-up, table
 * growth and autovacuum fall on both alike; the median round is reported.
 * {@code mvn -Pbench verify}; figures go to stdout and {@code target/benchmark/ingest.txt}.
 */
@IntegrationTest
class IngestBenchmark extends StoreTest {

    private static final int RECORDS = Integer.getInteger("bench.records", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int PAGE = 2_000;

    @Autowired IngestService ingest;
    @Autowired io.partnersync.sync.spi.PageSink pages;
    @Autowired MappingRegistry mappings;
    @Autowired JdbcTemplate jdbc;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;

    @Test
    void ingestPathAgainstRawBatchUpsert() throws IOException {
        ingest.ingest("vendor-sf", EntityType.PARTNER,
                List.of(salesforcePartner("001ACME", "acme", "Acme", "Gold", "2026-11-01T00:00:00.000+0000")), null);
        jdbc.execute("create table bench_raw_deal (like deal including defaults including indexes)");
        jdbc.execute("create table bench_raw_ref (like external_ref including defaults including indexes)");
        jdbc.execute("create table bench_raw_outbox (like outbox including defaults including indexes)");
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            List<Map<String, Object>> records = records(-1 - warmUp, 10_000);
            timeIngest(records);
            timeIngest(records);
            timeRawUpsert(records, false);
            timeRawUpsert(records(-20 - warmUp, 10_000), true);
            timeRouted(records(-10 - warmUp, 10_000));
        }
        double[] routedRates = new double[ROUNDS];

        double[] ingestRates = new double[ROUNDS];
        double[] rawRates = new double[ROUNDS];
        double[] rawAllRates = new double[ROUNDS];
        double[] replayRates = new double[ROUNDS];
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            List<Map<String, Object>> records = records(round, RECORDS);
            ingestRates[round] = RECORDS / seconds(timeIngest(records));
            replayRates[round] = RECORDS / seconds(timeIngest(records));
            rawRates[round] = RECORDS / seconds(timeRawUpsert(records, false));
            rawAllRates[round] = RECORDS / seconds(timeRawUpsert(records(200 + round, RECORDS), true));
            routedRates[round] = RECORDS / seconds(timeRouted(records(100 + round, RECORDS)));
            rounds.append(String.format(Locale.ROOT, "  round %d: ingest %6.0f/s, same again %6.0f/s, raw deal rows %6.0f/s (ratio %.2f), raw deal+ref+outbox rows %6.0f/s (ratio %.2f), through the inbound route %6.0f/s%n",
                    round + 1, ingestRates[round], replayRates[round], rawRates[round], ingestRates[round] / rawRates[round],
                    rawAllRates[round], ingestRates[round] / rawAllRates[round], routedRates[round]));
        }
        assertThat(jdbc.queryForObject("select count(*) from deal", Long.class)).isGreaterThanOrEqualTo(2L * RECORDS * ROUNDS);
        double ingestRate = median(ingestRates);
        double rawRate = median(rawRates);
        double rawAllRate = median(rawAllRates);
        String report = String.format(Locale.ROOT, """
                PartnerSync ingest benchmark: %d new HubSpot deals per round, %d rounds, pages of %d, one outbox target each
                %s  median ingest path (map, resolve ids, merge, upsert, external_ref, outbox): %6.0f records/s
                  median same records again (all UNCHANGED, nothing written):             %6.0f records/s
                  median raw JDBC batch upsert of the deal rows alone:                    %6.0f records/s
                  median raw JDBC batch upsert of the rows ingest writes (deal, external_ref, outbox): %6.0f records/s
                  median through the connector's inbound route (page to direct:ingest):  %6.0f records/s
                  ratio ingest/raw deal rows alone: %.2f of the medians, %.2f median of the rounds' paired ratios
                  ratio ingest/raw of the same rows (deal, external_ref, outbox): %.2f of the medians, %.2f median of paired ratios (goal >= 0.80)
                """, RECORDS, ROUNDS, PAGE, rounds, ingestRate, median(replayRates), rawRate, rawAllRate, median(routedRates),
                ingestRate / rawRate, median(pairedRatios(ingestRates, rawRates)), ingestRate / rawAllRate, median(pairedRatios(ingestRates, rawAllRates)));
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/ingest.txt"), report);
    }

    private static List<Map<String, Object>> records(int round, int count) {
        List<Map<String, Object>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(hubspotDeal(round + "-" + i, "Deal " + i, (1000 + i) + ".50", "2026-11-20T08:00:00Z"));
        }
        return records;
    }

    /** As a poll delivers pages in production: through the connector's inbound route, record by record, to direct:ingest. */
    private long timeRouted(List<Map<String, Object>> records) {
        long start = System.nanoTime();
        for (int from = 0; from < records.size(); from += PAGE) {
            var result = pages.deliver("acme-hubspot", EntityType.DEAL, records.subList(from, Math.min(from + PAGE, records.size())), null);
            assertThat(result.count(Outcome.FAILED)).isZero();
        }
        return System.nanoTime() - start;
    }

    private long timeIngest(List<Map<String, Object>> records) {
        long start = System.nanoTime();
        for (int from = 0; from < records.size(); from += PAGE) {
            var result = ingest.ingest("acme-hubspot", EntityType.DEAL, records.subList(from, Math.min(from + PAGE, records.size())), null);
            assertThat(result.count(Outcome.FAILED)).isZero();
        }
        return System.nanoTime() - start;
    }

    /**
     * The same canonical rows, mapped the same way, with the same kind of ids (UUIDv7), written with
     * nothing but a JDBC batch upsert per page.
     */
    private long timeRawUpsert(List<Map<String, Object>> records, boolean withRefAndOutbox) {
        var mapping = mappings.mapping("acme-hubspot", EntityType.DEAL);
        var ids = Generators.timeBasedEpochGenerator();
        UUID partner = jdbc.queryForObject("select id from partner where key = 'acme'", UUID.class);
        Timestamp modified = Timestamp.from(Instant.parse("2026-11-20T08:00:00Z"));
        long start = System.nanoTime();
        for (int from = 0; from < records.size(); from += PAGE) {
            List<Object[]> rows = new ArrayList<>();
            List<Object[]> refRows = new ArrayList<>();
            List<Object[]> outboxRows = new ArrayList<>();
            for (Map<String, Object> raw : records.subList(from, Math.min(from + PAGE, records.size()))) {
                var mapped = RecordMapper.map(mapping, raw);
                var fields = mapped.fields();
                fields.put("partnerId", partner);
                var deal = CanonicalFields.toMap(CanonicalFields.fromMap(EntityType.DEAL, fields));
                UUID id = ids.generate();
                String hash = ContentHash.of(deal);
                refRows.add(new Object[] {"acme-hubspot", "DEAL", mapped.externalId(), id, modified, hash});
                outboxRows.add(new Object[] {"vendor-sf", id, "DEAL", "UPSERT", hash});
                rows.add(new Object[] {id, deal.get("name"), partner, deal.get("customerName"), deal.get("customerDomain"),
                        deal.get("product"), deal.get("amount"), deal.get("currency"), deal.get("closeDate"), deal.get("stage").toString(),
                        deal.get("registrationStatus").toString(), hash, modified});
            }
            transactions.executeWithoutResult(status -> writeRaw(rows, refRows, outboxRows, withRefAndOutbox));
        }
        return System.nanoTime() - start;
    }

    /** One page in one transaction, as ingest writes it. */
    private void writeRaw(List<Object[]> rows, List<Object[]> refRows, List<Object[]> outboxRows, boolean withRefAndOutbox) {
        {
            jdbc.batchUpdate("""
                    insert into bench_raw_deal (id, name, partner_id, customer_name, customer_domain, product, amount, currency, close_date,
                                                stage, registration_status, content_hash, source_modified_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (id) do update set name = excluded.name, amount = excluded.amount, content_hash = excluded.content_hash,
                        source_modified_at = excluded.source_modified_at, version = bench_raw_deal.version + 1, updated_at = now()
                    """, rows);
            if (withRefAndOutbox) {
                jdbc.batchUpdate("""
                        insert into bench_raw_ref (connector, entity_type, external_id, entity_id, source_modified_at, last_seen_hash)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (external_id, connector, entity_type) do update
                           set source_modified_at = excluded.source_modified_at, last_seen_hash = excluded.last_seen_hash
                        """, refRows);
                jdbc.batchUpdate("""
                        insert into bench_raw_outbox (target_connector, entity_id, entity_type, operation, content_hash)
                        values (?, ?, ?, ?, ?)
                        on conflict (target_connector, entity_id, entity_type) do update
                           set operation = excluded.operation, content_hash = excluded.content_hash, status = 'PENDING'
                        """, outboxRows);
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double[] pairedRatios(double[] ingest, double[] raw) {
        double[] ratios = new double[ingest.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = ingest[i] / raw[i];
        }
        return ratios;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
