package io.partnersync.ops;

import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import io.partnersync.sync.ConnectorFailures;
import io.partnersync.store.IngestResult;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.partnersync.security.Actors;
import io.partnersync.store.AuditRepository;
import io.partnersync.sync.spi.FailureCategory;
import java.util.TreeMap;

/** Ops API for sync failures: what is stuck and why, grouped or one by one, as CSV; replay, or mark resolved. */
@RestController
@RequestMapping("/api/failures")
class FailuresController {

    private final SyncFailureRepository failures;
    private final FailureReplay replay;

    private final AuditRepository audit;

    FailuresController(SyncFailureRepository failures, FailureReplay replay, AuditRepository audit) {
        this.failures = failures;
        this.replay = replay;
        this.audit = audit;
    }

    /** Failures by connector, entity, category and kind of reason, with counts, largest first. */
    @GetMapping("/groups")
    List<SyncFailureRepository.FailureGroup> groups(@RequestParam(defaultValue = "true") boolean open) {
        return failures.groups(open);
    }

    /** The failures as CSV (without payloads), for a spreadsheet or a ticket. */
    @GetMapping(value = "/export.csv", produces = "text/csv")
    String csv(@RequestParam(defaultValue = "true") boolean open, @RequestParam(required = false) String connector) {
        StringBuilder csv = new StringBuilder("id,connector,direction,entity,external_id,category,reason,attempts,first_seen_at,last_seen_at,resolution\r\n");
        for (SyncFailure f : failures.list(open, connector, 100_000)) {
            csv.append(f.id()).append(',').append(cell(f.connector())).append(',').append(f.direction()).append(',').append(cell(f.entityType()))
                    .append(',').append(cell(f.externalId())).append(',').append(f.category()).append(',').append(cell(f.reason())).append(',')
                    .append(f.attempts()).append(',').append(f.firstSeenAt()).append(',').append(f.lastSeenAt()).append(',')
                    .append(cell(f.resolution())).append("\r\n");
        }
        return csv.toString();
    }

    /** RFC 4180 quoting; a leading = + - @ is defused, so a spreadsheet never runs a CRM's text as a formula. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /**
     * Replays every open failure of a connector (optionally of one category), up to 1,000 a call;
     * says what became of them (CREATED, UPDATED, FAILED again, ...) and why a replay was refused.
     */
    @PostMapping("/replay")
    Replayed replayAll(@RequestParam String connector, @RequestParam(required = false) FailureCategory category) {
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> refused = new TreeMap<>();
        for (SyncFailure failure : failures.list(true, connector, 1000)) {
            if (category != null && failure.category() != category || ConnectorFailures.isActivity(failure)) {
                continue;
            }
            try {
                outcomes.merge(replay.replay(failure.id()).outcome().name(), 1, Integer::sum);
            } catch (FailureReplay.ReplayRefusedException e) {
                refused.merge(e.getReason().replaceAll("sync failure \\d+", "sync failure …"), 1, Integer::sum);
            }
        }
        return new Replayed(connector, outcomes, refused);
    }

    /** Closes a failure by hand (dealt with outside PartnerSync), audited with who. */
    @PostMapping("/{id}/resolve")
    Resolved resolve(@PathVariable long id) {
        String actor = Actors.current("operator");
        if (!failures.markResolved(id, "marked resolved by " + actor)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "no open sync failure with id " + id);
        }
        audit.append(actor, null, null, "failure-resolved", "sync failure " + id + " marked resolved", null);
        return new Resolved(id, true);
    }

    @GetMapping
    List<SyncFailure> list(@RequestParam(defaultValue = "true") boolean open,
                           @RequestParam(required = false) String connector,
                           @RequestParam(defaultValue = "100") int limit) {
        return failures.list(open, connector, Math.min(Math.max(limit, 1), 1000));
    }

    @GetMapping("/{id}")
    SyncFailure get(@PathVariable long id) {
        return failures.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no sync failure with id " + id));
    }

    @PostMapping("/{id}/replay")
    Replay replay(@PathVariable long id) {
        IngestResult.RecordOutcome outcome = replay.replay(id);
        return new Replay(id, outcome.outcome(), outcome.entityId());
    }

    /** What became of a connector's open failures replayed at once: outcomes counted, refusals counted by reason. */
    record Replayed(String connector, Map<String, Integer> outcomes, Map<String, Integer> refused) {
    }

    record Resolved(long failureId, boolean resolved) {
    }

    /** @param entityId the stored record, when the replay stored one */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Replay(long failureId, IngestResult.Outcome outcome, UUID entityId) {
    }
}
