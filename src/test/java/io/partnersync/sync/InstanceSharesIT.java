package io.partnersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Instances share the connectors through their heartbeats in the store (real PostgreSQL, the
 * service's own migrations): 300 connectors over 3 instances, one killed, one joining.
 */
@DisplayName("Connectors shared among instances")
class InstanceSharesIT {

    static final Duration LEASE = Duration.ofSeconds(30);
    static final List<String> CONNECTORS = IntStream.range(0, 300).mapToObj(i -> String.format("p%04d-hubspot", i)).toList();

    JdbcTemplate jdbc;

    @BeforeEach
    void store() {
        String url = TestDatabase.newDatabase();
        DriverManagerDataSource data = new DriverManagerDataSource(url, "postgres", "");
        Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(data);
    }

    @Test
    @DisplayName("3 instances own 100 connectors each, every connector exactly one; a killed one's share goes to the others within one lease; a new one takes its share")
    void evenSpread() {
        List<InstanceShares> instances = new ArrayList<>(List.of(instance(), instance(), instance()));
        instances.forEach(InstanceShares::heartbeat);
        instances.forEach(InstanceShares::heartbeat); // the first beats saw fewer instances

        Map<String, List<String>> owners = owners(instances);
        assertThat(owners).hasSize(300).allSatisfy((connector, by) -> assertThat(by).as(connector).hasSize(1));
        assertThat(instances).allSatisfy(i -> assertThat(i.owned()).isBetween(90L, 110L));

        // killed: no clean shutdown, its heartbeat just stops and ages past the lease
        InstanceShares killed = instances.remove(0);
        jdbc.update("update sync_instance set heartbeat_at = now() - interval '31 seconds' where id = ?", killed.id());
        instances.forEach(InstanceShares::heartbeat);

        owners = owners(instances);
        assertThat(owners).hasSize(300).allSatisfy((connector, by) -> assertThat(by).as(connector).hasSize(1));
        assertThat(instances).allSatisfy(i -> assertThat(i.owned()).isEqualTo(150L));

        Map<String, String> before = single(owners);
        InstanceShares joining = instance();
        joining.heartbeat();
        instances.forEach(InstanceShares::heartbeat);
        instances.add(joining);

        owners = owners(instances);
        assertThat(owners).hasSize(300).allSatisfy((connector, by) -> assertThat(by).as(connector).hasSize(1));
        assertThat(instances).allSatisfy(i -> assertThat(i.owned()).isBetween(90L, 110L));
        long moved = single(owners).entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).count();
        assertThat(moved).as("connectors that changed instance when the third joined").isLessThanOrEqualTo(150);
    }

    @Test
    @DisplayName("a clean shutdown leaves at once: the other takes every connector at its next heartbeat")
    void cleanShutdown() {
        InstanceShares staying = instance();
        InstanceShares leaving = instance();
        staying.heartbeat();
        leaving.heartbeat();
        staying.heartbeat();
        assertThat(staying.owned()).isEqualTo(150L);

        leaving.leave();
        staying.heartbeat();

        assertThat(staying.members()).containsExactly(staying.id());
        assertThat(CONNECTORS).allMatch(staying::owns);
    }

    @Test
    @DisplayName("alone, or before its first heartbeat, an instance works on every connector")
    void alone() {
        InstanceShares one = instance();
        assertThat(CONNECTORS).allMatch(one::owns);
        one.heartbeat();
        assertThat(one.members()).containsExactly(one.id());
        assertThat(one.owned()).isEqualTo(300L);
    }

    private InstanceShares instance() {
        return new InstanceShares(jdbc, () -> (Collection<String>) CONNECTORS, LEASE, false);
    }

    private static Map<String, List<String>> owners(List<InstanceShares> instances) {
        Map<String, List<String>> owners = new HashMap<>();
        for (InstanceShares instance : instances) {
            CONNECTORS.stream().filter(instance::owns).forEach(c -> owners.computeIfAbsent(c, k -> new ArrayList<>()).add(instance.id()));
        }
        return owners;
    }

    private static Map<String, String> single(Map<String, List<String>> owners) {
        Map<String, String> one = new HashMap<>();
        owners.forEach((connector, by) -> one.put(connector, by.get(0)));
        return one;
    }
}
