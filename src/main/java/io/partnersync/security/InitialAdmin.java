package io.partnersync.security;

import io.partnersync.config.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;

/**
 * A first start with no user and no token configured would lock everyone out of the page and the
 * API. Then one admin is made for this start, {@code admin}, with a random password written to
 * {@code partnersync.security.initial-password-file} (owner-only), never to the log: the log names
 * the file. Configure {@code partnersync.security.users} and it is gone.
 */
final class InitialAdmin {

    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

    private InitialAdmin() {
    }

    static UserDetails create(Path file, PasswordEncoder encoder) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try {
            OwnerOnlyFile.write(file, password + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the initial admin password to " + file.toAbsolutePath(), e);
        }
        // worded so that the log mask (which hides what follows the word for a secret) leaves the file's name readable: nothing follows it
        log.warn("No users or API tokens are configured (partnersync.security.users): for this start, sign in as 'admin' with what is written in {}",
                file.toAbsolutePath());
        return User.withUsername("admin").password(encoder.encode(password))
                .authorities(SecuritySettings.Role.ADMIN.authorities().toArray(String[]::new)).build();
    }
}
