package io.partnersync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets written to files (the embedded database's password, the initial admin's) are never readable by others. */
@DisplayName("Owner-only secret files")
class OwnerOnlyFileTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the file holds the secret and is rw------- for its owner only")
    void ownerOnly() throws IOException {
        Path file = dir.resolve("data/secret");

        OwnerOnlyFile.write(file, "s3cret");

        assertThat(Files.readString(file)).isEqualTo("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.resolve("data/secret.new")).doesNotExist();
    }

    @Test
    @DisplayName("a readable file left where the secret is first written (a crash, or planted) never receives it: it is replaced by a new owner-only one")
    void readableLeftoverNeverHoldsTheSecret() throws IOException {
        Path file = dir.resolve("secret");
        Path leftover = Files.writeString(dir.resolve("secret.new"), "");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path readableTarget = Files.writeString(file, "old");
        Files.setPosixFilePermissions(readableTarget, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFile.write(file, "s3cret");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("s3cret");
    }
}
