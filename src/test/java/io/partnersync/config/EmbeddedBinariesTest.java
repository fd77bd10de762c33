package io.partnersync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL's binaries run only from a folder nobody else can enter or change. */
@DisplayName("The embedded PostgreSQL's binaries folder")
class EmbeddedBinariesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("lies beside the data folder, named after it, never in the shared temporary folder's embedded-pg")
    void besideTheDataFolder() {
        assertThat(EmbeddedBinaries.beside(dir.resolve("data/postgres"))).isEqualTo(dir.resolve("data/postgres-binaries"));
        assertThat(EmbeddedBinaries.beside(Path.of("/tmp/x"))).isNotEqualTo(Path.of("/tmp/embedded-pg"));
    }

    @Test
    @DisplayName("is made owner-only (rwx------), whatever mode zonky later gives the working folder inside it")
    void madeOwnerOnly() throws IOException {
        Path folder = dir.resolve("postgres-binaries");

        Path working = EmbeddedBinaries.prepare(folder);
        Files.setPosixFilePermissions(working, PosixFilePermissions.fromString("rwxrwxrwx")); // what zonky does to its folder

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(working.getParent()).isEqualTo(folder);
        assertThat(EmbeddedBinaries.prepare(folder)).as("checked again before the next start").isEqualTo(working);
    }

    @Test
    @DisplayName("open to others (like the shared temporary folder's drwxrwxrwx) is refused, and nothing in it is run")
    void openFolderRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("postgres-binaries"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> EmbeddedBinaries.prepare(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is open to other users (rwxrwxrwx)").hasMessageContaining("chmod 700");
    }

    @Test
    @DisplayName("a symbolic link in its place (to binaries somewhere else) is refused")
    void symlinkRefused() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path folder = Files.createSymbolicLink(dir.resolve("postgres-binaries"), elsewhere);

        assertThatThrownBy(() -> EmbeddedBinaries.prepare(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not a plain folder");
    }
}
