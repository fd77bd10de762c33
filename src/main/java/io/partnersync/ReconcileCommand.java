package io.partnersync;

import io.partnersync.payout.PayoutReconciliation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar partnersync.jar reconcile --period=2026-Q4 [--key=value ...]}: the payout
 * reconciliation of {@code GET /api/payouts/reconciliation}, printed: totals per partner and currency
 * in the store and each CRM, then every difference. Exits 0 when all agree, 1 when not, 2 on a usage
 * error. It runs the service's context against the configured database and CRMs without the web
 * server, polls, relay, timers or routes, so it syncs nothing (with the embedded database, stop the
 * service first: the data folder is one instance's).
 */
public final class ReconcileCommand {

    private ReconcileCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String period = rest.stream().filter(a -> a.startsWith("--period=")).map(a -> a.substring("--period=".length())).findFirst().orElse(null);
        if (period == null) {
            out.println("usage: java -jar partnersync.jar reconcile --period=2026-Q4 [--key=value ...]");
            return 2;
        }
        rest.removeIf(a -> a.startsWith("--period="));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PartnerSyncApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("partnersync.poll.enabled=false", "partnersync.relay.enabled=false", "partnersync.reference-retry.enabled=false",
                        "partnersync.start-checks.enabled=false", "db-scheduler.enabled=false", "camel.main.auto-startup=false",
                        "camel.main.main-run-controller=false", "logging.level.root=warn")
                .run(rest.toArray(String[]::new))) {
            PayoutReconciliation.Report report;
            try {
                report = context.getBean(PayoutReconciliation.class).reconcile(period);
            } catch (IllegalArgumentException e) {
                out.println("usage: " + e.getMessage());
                return 2;
            }
            out.println("Payouts of " + report.period() + " in " + String.join(", ", report.systems()));
            for (var total : report.totals()) {
                StringBuilder line = new StringBuilder("  " + total.partner() + " " + total.currency() + ":");
                for (String system : report.systems()) {
                    var amount = total.bySystem().get(system);
                    line.append(' ').append(system).append(' ').append(amount == null ? "-" : amount.toPlainString());
                }
                out.println(line);
            }
            for (var d : report.differences()) {
                out.println("DIFFERENCE " + d.system() + " " + d.kind() + ": partner " + d.partner() + ", payout " + (d.payoutId() == null ? "-" : d.payoutId())
                        + (d.reference() == null ? "" : " (" + d.reference() + ")") + (d.externalId() == null ? "" : ", " + d.system() + " id " + d.externalId())
                        + ": " + d.detail());
            }
            out.println(report.balanced() ? "All systems agree." : report.differences().size() + (report.differences().size() == 1 ? " difference." : " differences."));
            return report.balanced() ? 0 : 1;
        }
    }
}
