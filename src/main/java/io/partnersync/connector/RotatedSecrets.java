package io.partnersync.connector;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import com.google.common.hash.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets a CRM hands out anew (an OAuth refresh token the CRM rotates), kept so that a restart or
 * another instance goes on with the newest one instead of the configured, now spent, one. Stored
 * in {@code connector_secret} encrypted by {@link SecretCipher}; the connector and secret name are the authenticated
 * data, so a ciphertext cannot be moved to another connector. Without the key, a rotated secret is
 * kept in memory only, with one WARN saying so. A stored secret is used only while the configured
 * one is the one it replaced: an admin who configures a new one gets it used.
 */
@Component
public class RotatedSecrets {

    private static final Logger log = LoggerFactory.getLogger(RotatedSecrets.class);

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;
    private final AtomicBoolean warned = new AtomicBoolean();

    RotatedSecrets(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** The newest secret for {@code configured}: the stored one that replaced it, or {@code configured} itself. */
    public String current(String connector, String name, String configured) {
        return find(connector, name, sha256(configured)).orElse(configured);
    }

    /** Keeps {@code rotated}, which the CRM handed out in place of the configured {@code configured}. */
    public void rotated(String connector, String name, String configured, String rotated) {
        if (!cipher.available()) {
            if (warned.compareAndSet(false, true)) {
                log.warn("Connector {} got a new {}, kept in memory only: set {} (openssl rand -base64 32) to keep it across restarts",
                        connector, name, cipher.keyVariable());
            }
            return;
        }
        jdbc.update("""
                insert into connector_secret (connector, name, ciphertext, replaces_sha256) values (?, ?, ?, ?)
                on conflict (connector, name) do update set ciphertext = excluded.ciphertext, replaces_sha256 = excluded.replaces_sha256,
                       updated_at = now()
                """, connector, name, cipher.seal(connector + "/" + name, rotated), sha256(configured));
    }

    private Optional<String> find(String connector, String name, String replaces) {
        if (!cipher.available()) {
            return Optional.empty();
        }
        return jdbc.query("select ciphertext from connector_secret where connector = ? and name = ? and replaces_sha256 = ?",
                (rs, n) -> rs.getString(1), connector, name, replaces).stream().findFirst().map(c -> open(connector, name, c));
    }

    private String open(String connector, String name, String stored) {
        try {
            return cipher.open(connector + "/" + name, stored);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; delete it from connector_secret to start again from the configured one", e);
        }
    }

    static String sha256(String value) {
        return Hashing.sha256().hashString(value, StandardCharsets.UTF_8).toString();
    }
}
