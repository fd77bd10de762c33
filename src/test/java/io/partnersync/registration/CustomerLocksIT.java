package io.partnersync.registration;

import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.properties;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.CustomerKey;
import io.partnersync.canonical.EntityType;
import io.partnersync.store.NamedLocks;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IngestService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration decisions lock per customer, not globally: while one customer's lock is held (a
 * decision for that customer in progress, here held by the test), another customer's registration
 * is decided at once, and a second one for the held customer waits until the lock is released.
 */
@IntegrationTest
@DisplayName("Registration locks per customer")
class CustomerLocksIT extends StoreTest {

    @Autowired IngestService ingest;
    @Autowired NamedLocks locks;
    @Autowired TransactionTemplate transaction;
    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    void fresh() {
        jdbc.update("truncate deal, partner, external_ref, outbox, sync_checkpoint, sync_failure, deal_registration, audit_event");
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000"),
                salesforcePartner("001G", "globex", "Globex", "Gold", "2026-11-21T08:59:00.000+0000")), null);
    }

    /** Leaves the database as the other tests of this application context expect it (they bring their own partners). */
    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        jdbc.update("truncate deal, partner, external_ref, outbox, sync_checkpoint, sync_failure, deal_registration, audit_event");
    }

    @Test
    @DisplayName("another customer's registration is decided while one customer's lock is held; the same customer's waits for it")
    void perCustomer() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            locks.lock(CustomerKey.all("contoso.com", "Contoso Ltd").stream().map(RegistrationService::lockName).toList());
            held.countDown();
            await(release);
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> fabrikam = CompletableFuture.runAsync(() -> register("globex-hubspot", "9501", "Fabrikam Corp", "fabrikam.com"));
        CompletableFuture<Void> contoso = CompletableFuture.runAsync(() -> register("acme-hubspot", "9502", "Contoso Ltd", "contoso.com"));

        fabrikam.get(10, TimeUnit.SECONDS);
        assertThat(status("9501")).as("decided while Contoso's lock is held").isNotNull().isNotEqualTo("NONE");
        Thread.sleep(1500);
        assertThat(contoso).as("Contoso's registration waits for its customer's lock").isNotDone();
        assertThat(status("9502")).isNull();

        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        contoso.get(10, TimeUnit.SECONDS);
        assertThat(status("9502")).isNotNull().isNotEqualTo("NONE");
    }

    /** Pages of one connector are serialized anyway (one source at a time), so the two customers come from two partners. */
    private void register(String connector, String id, String customer, String domain) {
        Map<String, Object> deal = hubspotDeal(id, customer + " firewall", "12000", Instant.now().toString());
        properties(deal).put("partnersync_customer_name", customer);
        properties(deal).put("partnersync_customer_domain", domain);
        properties(deal).put("partnersync_register", "true");
        ingest.ingest(connector, EntityType.DEAL, List.of(deal), null);
    }

    private String status(String externalId) {
        List<String> found = jdbc.queryForList("select d.registration_status from deal d join external_ref r on r.entity_id = d.id"
                + " where r.external_id = ?", String.class, externalId);
        return found.isEmpty() ? null : found.get(0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
