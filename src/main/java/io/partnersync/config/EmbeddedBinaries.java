package io.partnersync.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the embedded PostgreSQL's binaries are unpacked: a folder beside the data folder, named after
 * it ({@code data/postgres-binaries} for {@code data/postgres}), owned by the service's user and closed
 * to everyone else (rwx------), checked before every start.
 *
 * <p>zonky unpacks into {@code embedded-pg} under the system temporary folder by default, and makes
 * that folder writable by everyone (so that users can share it). There another local user could swap
 * the {@code PG-…} folder for binaries of their own, which the next start would run. Here zonky works
 * in {@code <folder>/binaries}, whatever mode it gives that, inside a folder whose owner and mode
 * (rwx------) we verify before every start, with every entry directly in it: nobody else can even
 * enter it. On a file system without POSIX permissions (Windows) the data folder's own ACL applies.
 */
public final class EmbeddedBinaries {

    static final String SUFFIX = "-binaries";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private EmbeddedBinaries() {
    }

    /**
     * The binaries' folder for a data folder: its sibling named after it, so two data folders in one
     * parent (or a data folder in the shared temporary folder) never share one.
     */
    public static Path beside(Path dataDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        return data.resolveSibling(data.getFileName() + SUFFIX);
    }

    /**
     * Creates the folder owner-only, or checks the one that is there; returns the working folder to
     * give zonky, inside it.
     *
     * @throws IllegalStateException when the folder, or an entry in it, belongs to another user or
     *         is open to others: nothing in it is run then
     */
    public static Path prepare(Path folder) throws IOException {
        Path working = folder.resolve("binaries");
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(working);
            return working;
        }
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder.getParent());
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(folder, OWNER_ONLY); // whatever the umask made of it
        }
        check(folder);
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                checkOwner(entry);
            }
        }
        Files.createDirectories(working);
        return working;
    }

    private static void check(Path folder) throws IOException {
        if (Files.isSymbolicLink(folder) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(folder, "is not a plain folder");
        }
        checkOwner(folder);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(mode)) {
            throw refused(folder, "is open to other users (" + PosixFilePermissions.toString(mode)
                    + "); make it owner-only: chmod 700 " + folder);
        }
    }

    private static void checkOwner(Path path) throws IOException {
        String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        String user = System.getProperty("user.name");
        if (!owner.equals(user)) {
            throw refused(path, "belongs to " + owner + ", not to " + user + ", the user PartnerSync runs as");
        }
    }

    private static IllegalStateException refused(Path path, String problem) {
        return new IllegalStateException("the embedded PostgreSQL's binaries folder " + path + " " + problem
                + "; PartnerSync runs no binaries from it. Delete the folder to have it unpacked again.");
    }
}
