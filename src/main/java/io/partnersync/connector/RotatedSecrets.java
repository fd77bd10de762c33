package io.partnersync.connector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import com.google.common.hash.Hashing;
import io.partnersync.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets a CRM hands out anew (an OAuth refresh token the CRM rotates), kept so that a restart or
 * another instance goes on with the newest one instead of the configured, now spent, one. Stored
 * in {@code connector_secret} encrypted with AES-256-GCM (the JDK's), the key in the environment
 * variable named by {@code partnersync.secrets.key-env} (default {@code PARTNERSYNC_SECRET_KEY}:
 * 32 bytes, base64), never in the database; the connector and secret name are the authenticated
 * data, so a ciphertext cannot be moved to another connector. Without the key, a rotated secret is
 * kept in memory only, with one WARN saying so. A stored secret is used only while the configured
 * one is the one it replaced: an admin who configures a new one gets it used.
 */
@Component
public class RotatedSecrets {

    private static final Logger log = LoggerFactory.getLogger(RotatedSecrets.class);
    private static final int IV_BYTES = 12;

    private final JdbcTemplate jdbc;
    private final SecretKeySpec key;
    private final String keyVariable;
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean warned = new AtomicBoolean();

    RotatedSecrets(JdbcTemplate jdbc, Environment environment, @Value("${partnersync.secrets.key-env:PARTNERSYNC_SECRET_KEY}") String keyVariable) {
        this.jdbc = jdbc;
        this.keyVariable = keyVariable;
        String encoded = environment.getProperty(keyVariable);
        if (encoded == null || encoded.isBlank()) {
            this.key = null;
        } else {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(encoded.trim());
            } catch (IllegalArgumentException e) {
                bytes = new byte[0];
            }
            if (bytes.length != 32) {
                throw new InvalidConfigurationException("configuration", keyVariable,
                        "32 bytes in base64 (openssl rand -base64 32) as the key of rotated secrets");
            }
            this.key = new SecretKeySpec(bytes, "AES");
        }
    }

    /** The newest secret for {@code configured}: the stored one that replaced it, or {@code configured} itself. */
    public String current(String connector, String name, String configured) {
        return find(connector, name, sha256(configured)).orElse(configured);
    }

    /** Keeps {@code rotated}, which the CRM handed out in place of the configured {@code configured}. */
    public void rotated(String connector, String name, String configured, String rotated) {
        if (key == null) {
            if (warned.compareAndSet(false, true)) {
                log.warn("Connector {} got a new {}, kept in memory only: set {} (openssl rand -base64 32) to keep it across restarts",
                        connector, name, keyVariable);
            }
            return;
        }
        jdbc.update("""
                insert into connector_secret (connector, name, ciphertext, replaces_sha256) values (?, ?, ?, ?)
                on conflict (connector, name) do update set ciphertext = excluded.ciphertext, replaces_sha256 = excluded.replaces_sha256,
                       updated_at = now()
                """, connector, name, encrypt(connector + "/" + name, rotated), sha256(configured));
    }

    private Optional<String> find(String connector, String name, String replaces) {
        if (key == null) {
            return Optional.empty();
        }
        return jdbc.query("select ciphertext from connector_secret where connector = ? and name = ? and replaces_sha256 = ?",
                (rs, n) -> rs.getString(1), connector, name, replaces).stream().findFirst().map(c -> decrypt(connector + "/" + name, c));
    }

    private String encrypt(String context, String secret) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, all, 0, iv.length);
            System.arraycopy(sealed, 0, all, iv.length, sealed.length);
            return Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private String decrypt(String context, String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored " + context + " cannot be decrypted with the key in " + keyVariable
                    + " (was the key changed?); delete it from connector_secret to start again from the configured one", e);
        }
    }

    static String sha256(String value) {
        return Hashing.sha256().hashString(value, StandardCharsets.UTF_8).toString();
    }
}
