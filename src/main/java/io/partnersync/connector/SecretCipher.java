package io.partnersync.connector;

import io.partnersync.config.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Encrypts the secrets PartnerSync keeps in its store (rotated refresh tokens, the credentials of
 * connections partners made): AES-256-GCM from the JDK, a fresh 96-bit IV per value, the key in the
 * environment variable named by {@code partnersync.secrets.key-env} (default
 * {@code PARTNERSYNC_SECRET_KEY}: 32 bytes, base64), never in the database. The caller's context
 * (for example the connection's name) is the authenticated data, so a ciphertext moved to another
 * row does not decrypt. This is the key-management plug point: a KMS-backed cipher replaces this
 * bean. Thread-safe.
 */
@Component
public class SecretCipher {

    private static final int IV_BYTES = 12;

    private final SecretKeySpec key;
    private final String keyVariable;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(Environment environment, @Value("${partnersync.secrets.key-env:PARTNERSYNC_SECRET_KEY}") String keyVariable) {
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
                        "32 bytes in base64 (openssl rand -base64 32) as the key of the secrets kept in the store");
            }
            this.key = new SecretKeySpec(bytes, "AES");
        }
    }

    /** Whether a key is set; without one nothing secret can be kept in the store. */
    public boolean available() {
        return key != null;
    }

    /** The environment variable that holds the key, for messages that say what to set. */
    public String keyVariable() {
        return keyVariable;
    }

    /** {@code secret} encrypted, bound to {@code context}; base64 of IV and ciphertext. */
    public String seal(String context, String secret) {
        requireKey();
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

    /** @throws IllegalStateException when it does not decrypt with this key for this context (the key was changed, or the row moved) */
    public String open(String context, String stored) {
        requireKey();
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored " + context + " cannot be decrypted with the key in " + keyVariable + " (was the key changed?)", e);
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new IllegalStateException("no key to keep secrets in the store: set " + keyVariable + " (openssl rand -base64 32)");
        }
    }
}
