package io.partnersync.connector;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.store.NamedLocks;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * OAuth access tokens shared by every instance ({@code connector_token}): when several instances
 * need a new token for one connector at once, exactly one refreshes it and the others use what it
 * got. The refresh runs under the connector's lock in PostgreSQL (a transaction-scoped advisory
 * lock, {@link NamedLocks}); whoever gets the lock next finds the fresh token stored and uses it.
 * A refresh token the CRM rotates meanwhile is kept by {@link RotatedSecrets}, in the same
 * transaction. The lock is held for the refresh call (at most its timeout) on one pooled
 * connection; refreshes are rare (HubSpot's tokens live 30 minutes).
 */
@Component
public class SharedTokens {

    /** An access token and when it expires. */
    public record Token(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]"; // never the value
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final NamedLocks locks;
    private final SecretCipher cipher;
    private final String instance;

    SharedTokens(JdbcTemplate jdbc, TransactionTemplate transactions, NamedLocks locks, SecretCipher cipher, Connectors connectors) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.locks = locks;
        this.cipher = cipher;
        this.instance = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        // a connection changed or removed: its token was got with its old grant
        connectors.listen(new Connectors.Listener() {
            @Override
            public void removed(ConnectorProperties connector) {
                jdbc.update("delete from connector_token where connector = ?", connector.name());
            }
        });
    }

    /**
     * The connector's access token: the stored one while it has more than {@code margin} to live and
     * is not {@code rejected} (the CRM refused it); otherwise {@code refresh}'s, which is then stored
     * for the other instances. Refreshes of one connector never overlap, across instances.
     */
    public Token get(String connector, Duration margin, String rejected, Supplier<Token> refresh) {
        return transactions.execute(status -> {
            locks.lock(List.of("oauth-token/" + connector));
            Optional<Token> stored = stored(connector, margin);
            if (stored.isPresent() && !stored.get().value().equals(rejected)) {
                return stored.get();
            }
            Token fresh = refresh.get();
            if (cipher.available()) {
                jdbc.update("""
                        insert into connector_token (connector, ciphertext, expires_at, refreshed_by) values (?, ?, ?, ?)
                        on conflict (connector) do update set ciphertext = excluded.ciphertext, expires_at = excluded.expires_at,
                               refreshed_at = now(), refreshed_by = excluded.refreshed_by
                        """, connector, cipher.seal("token/" + connector, fresh.value()), Timestamp.from(fresh.expiresAt()), instance);
            }
            return fresh;
        });
    }

    private Optional<Token> stored(String connector, Duration margin) {
        if (!cipher.available()) {
            return Optional.empty();
        }
        return jdbc.query("select ciphertext, expires_at from connector_token where connector = ? and expires_at > now() + make_interval(secs => ?)",
                        (rs, n) -> new Token(rs.getString(1), rs.getTimestamp(2).toInstant()), connector, (double) margin.toSeconds())
                .stream().findFirst()
                .flatMap(token -> {
                    try {
                        return Optional.of(new Token(cipher.open("token/" + connector, token.value()), token.expiresAt()));
                    } catch (IllegalStateException e) {
                        return Optional.empty(); // another key: refresh and overwrite it
                    }
                });
    }
}
