package io.partnersync.web;

import io.partnersync.ops.FailureReplay;
import io.partnersync.store.IngestResult;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sync health page ({@code /}): server-rendered by Thymeleaf (everything from a CRM is escaped),
 * its three parts reloaded by htmx every 10 seconds from {@code /ui/connectors},
 * {@code /ui/failures} and {@code /ui/channel} (what the rules did: leads, registrations, payouts). Ops and admins see a replay button per failure; it posts with the page's
 * CSRF token (see {@code ApiSecurity}).
 */
@Controller
class HealthPage {

    private static final int FAILURES_SHOWN = 50;

    private final SyncHealth health;
    private final ChannelActivity channel;
    private final FailureReplay replay;
    private final SyncFailureRepository failures;

    private final io.partnersync.sync.VendorBudget budget;

    HealthPage(SyncHealth health, ChannelActivity channel, FailureReplay replay, SyncFailureRepository failures, io.partnersync.sync.VendorBudget budget) {
        this.budget = budget;
        this.health = health;
        this.channel = channel;
        this.replay = replay;
        this.failures = failures;
    }

    @GetMapping("/")
    String page(Model model) {
        connectors(model);
        failures(null, model);
        channel(model);
        budget(model);
        return "health";
    }

    @GetMapping("/ui/budget")
    String budget(Model model) {
        model.addAttribute("budget", budget.vendor().orElse(null));
        return "health :: budget";
    }

    @GetMapping("/ui/channel")
    String channel(Model model) {
        model.addAttribute("channel", channel.summary());
        model.addAttribute("words", new Words());
        return "health :: channel";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/ui/connectors")
    String connectors(Model model) {
        model.addAttribute("connectors", health.connectors());
        model.addAttribute("words", new Words());
        return "health :: connectors";
    }

    @GetMapping("/ui/failures")
    String failures(@RequestParam(required = false) String connector, Model model) {
        model.addAttribute("failures", health.failures(connector == null || connector.isBlank() ? null : connector, FAILURES_SHOWN));
        model.addAttribute("connector", connector);
        model.addAttribute("words", new Words());
        return "health :: failures";
    }

    /** Replays one failure (ops); answers the failure list again, with what became of it, and has the connectors reload. */
    @PostMapping("/ui/failures/{id}/replay")
    String replay(@PathVariable long id, Model model, HttpServletResponse response) {
        String message;
        boolean ok = false;
        try {
            IngestResult.RecordOutcome outcome = replay.replay(id);
            if (outcome.outcome() == IngestResult.Outcome.FAILED) {
                message = "Failure " + id + " failed again: " + failures.find(id).map(SyncFailure::reason).orElse("see its reason");
            } else {
                ok = true;
                message = "Failure " + id + " replayed: " + outcome.outcome().name().toLowerCase(Locale.ROOT);
            }
        } catch (FailureReplay.ReplayRefusedException e) {
            message = "Not replayed: " + e.getReason();
        }
        model.addAttribute("message", message);
        model.addAttribute("messageOk", ok);
        response.setHeader("HX-Trigger", "refresh-connectors");
        return failures(null, model);
    }

    /** Durations and times in words, for the template. */
    public static final class Words {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

        public String time(Instant at) {
            return at == null ? "—" : TIME.format(at);
        }

        public String ago(Instant at) {
            return at == null ? "never" : SyncHealth.words(Duration.between(at, Instant.now())) + " ago";
        }

        public String duration(Duration duration) {
            return SyncHealth.words(duration);
        }
    }
}
