package io.partnersync.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A first start without users: one admin for this start, its password in an owner-only file, never in the log. */
@ExtendWith(OutputCaptureExtension.class)
@DisplayName("The initial admin")
class InitialAdminTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("signs in with the password in the file; the file is the owner's only; the log names the file, not the password")
    void passwordInAFile(CapturedOutput output) throws Exception {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        Path file = dir.resolve("data/initial-admin-password");

        var admin = InitialAdmin.create(file, encoder);

        String password = Files.readString(file).trim();
        assertThat(password).hasSize(36);
        assertThat(encoder.matches(password, admin.getPassword())).isTrue();
        assertThat(admin.getUsername()).isEqualTo("admin");
        assertThat(admin.getAuthorities()).extracting(Object::toString).contains("ROLE_ADMIN", "ROLE_OPS", "ROLE_VIEWER");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(output).contains(file.toAbsolutePath().toString()).doesNotContain(password);
    }
}
