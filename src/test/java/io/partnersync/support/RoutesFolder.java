package io.partnersync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An admin's routes folder for a test: a temporary copy of the shipped {@code routes/}, to add to or edit. */
public final class RoutesFolder {

    private RoutesFolder() {
    }

    public static Path copyOfShipped() throws IOException {
        Path folder = Files.createTempDirectory("partnersync-routes");
        try (var shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        return folder;
    }
}
