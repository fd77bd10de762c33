package io.partnersync.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * Plays a PartnerSync JVM for {@link EmbeddedPostgresAfterKillIT}: starts the embedded server on the
 * data folder in {@code args[0]} the way the service does, prints {@code port=<port>}, and waits
 * until it is killed.
 */
public final class KilledEmbeddedPostgresOwner {

    private KilledEmbeddedPostgresOwner() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgresStarter.start(Path.of(args[0]), 0);
        System.out.println("port=" + postgres.getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
