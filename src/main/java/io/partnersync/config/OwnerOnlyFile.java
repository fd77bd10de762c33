package io.partnersync.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a secret to a file that is owner-only from its creation (rw-------), never readable by
 * others even for an instant: a sibling {@code .new} file is created with that mode, written, then
 * moved over the target atomically. On a file system without POSIX permissions the folder's ACL applies.
 */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    public static void write(Path file, String content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path written = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(written);
        FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(written, ownerOnly);
        Files.writeString(written, content, StandardCharsets.UTF_8);
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
