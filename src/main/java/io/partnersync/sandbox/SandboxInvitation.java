package io.partnersync.sandbox;

import io.partnersync.connection.Invitations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox's newcomer: partner Hooli, signed by the vendor but not connected. Once the service
 * has read the vendor's partners, the sandbox invites Hooli to connect its (simulated) HubSpot
 * portal, as ops would with {@code POST /api/invitations}, and prints the link: open it in a
 * browser to go through what a partner's admin sees (the consent, the check, a test read, going
 * live). The link is also written to {@code <sandbox data-dir>/invitation-link.txt}.
 */
final class SandboxInvitation {

    static final String NEWCOMER = "hooli";
    private static final Logger log = LoggerFactory.getLogger(SandboxInvitation.class);

    private SandboxInvitation() {
    }

    static void start(ConfigurableApplicationContext context, Path dataDir) {
        Thread thread = new Thread(() -> invite(context, dataDir), "sandbox-invitation");
        thread.setDaemon(true);
        thread.start();
    }

    private static void invite(ConfigurableApplicationContext context, Path dataDir) {
        Invitations invitations = context.getBean(Invitations.class);
        for (int attempt = 0; attempt < 120 && context.isActive(); attempt++) {
            try {
                Invitations.Created created = invitations.create(NEWCOMER, "hubspot", List.of("lead", "deal", "payout"), null,
                        Map.of("poll-interval", "PT5S"), "sandbox");
                Files.writeString(dataDir.resolve("invitation-link.txt"), created.link() + System.lineSeparator());
                log.info("Sandbox: partner Hooli is invited to connect its HubSpot portal. As Hooli's admin, open {} in your browser"
                        + " (valid until {}; also in {})", created.link(), created.expiresAt(), dataDir.resolve("invitation-link.txt"));
                return;
            } catch (Invitations.Refused e) {
                // the vendor's partners are not read yet: try again in a second
                sleep();
            } catch (IOException | RuntimeException e) {
                log.warn("Sandbox: could not invite Hooli: {}", e.toString());
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
