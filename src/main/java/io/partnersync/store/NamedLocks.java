package io.partnersync.store;

import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Transaction-scoped locks by name, across instances: PostgreSQL advisory locks on a 64-bit hash
 * of each name (released at commit or rollback). All of a call's names are taken in one statement,
 * in the order of their hashes, so two transactions that need overlapping sets never wait for each
 * other in a circle. Hand-written because a lock must live exactly as long as the transaction that
 * decides under it, which lease libraries (ShedLock) do not offer.
 */
@Repository
public class NamedLocks {

    private final JdbcTemplate jdbc;

    NamedLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Waits until this transaction holds every lock in {@code names}. */
    public void lock(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    select count(pg_advisory_xact_lock(h))
                      from (select distinct hashtextextended(n, 0) as h from unnest(?::text[]) n order by h) ordered
                    """);
            ps.setArray(1, con.createArrayOf("text", names.toArray()));
            return ps;
        }, rs -> null);
    }
}
