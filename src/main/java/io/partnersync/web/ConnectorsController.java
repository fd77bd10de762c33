package io.partnersync.web;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.sync.DuePolls;
import io.partnersync.sync.ConnectorKinds;
import io.partnersync.sync.spi.PageSink;
import io.partnersync.sync.ConnectorStates;
import io.partnersync.security.Actors;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.store.ConnectorPauseRepository;
import io.partnersync.store.SyncFailureRepository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.partnersync.sync.spi.FailureCategory;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Ops API for connectors: each one's configuration (secrets by the names of their environment
 * variables, never their values), state, open failures, outbox and checkpoints; lift a rate-limit
 * pause now (audited as "connector-resumed").
 */
@RestController
@RequestMapping("/api/connectors")
class ConnectorsController {

    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final AuditRepository audit;

    private final ConnectorStates states;
    private final CheckpointRepository checkpoints;
    private final SyncFailureRepository failures;
    private final ConnectorPauseRepository operatorPauses;
    private final SyncHealth health;
    private final PageSink pages;
    private final DuePolls polls;

    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Polls the connector at the next tick of the poll timer, whatever its interval (ops, audited). */
    @PostMapping("/{name}/sync")
    ResponseEntity<PollRequested> sync(@PathVariable String name) {
        var connector = connectors.find(name).orElseThrow(() -> unknown(name));
        polls.pollSoon(connector.name());
        audit.append(Actors.current("operator"), null, null, "connector-sync-requested", "poll of connector " + name + " requested", null);
        return ResponseEntity.accepted().body(new PollRequested(name, "at the next tick of the poll timer (partnersync.poll.period)"));
    }

    /**
     * Reads one entity again: from a point in time ({@code since}, ISO-8601; the checkpoint is set
     * back and the next poll reads from there), or given records by their CRM ids ({@code id}, one or
     * more; read now). Every record read goes the usual way: unchanged ones change nothing (ops, audited).
     */
    @PostMapping("/{name}/resync")
    ResponseEntity<Resync> resync(@PathVariable String name, @RequestParam String entity,
                                  @RequestParam(required = false) Instant since,
                                  @RequestParam(required = false) List<String> id) {
        var connector = connectors.find(name).orElseThrow(() -> unknown(name));
        var type = EntityType.fromKey(entity).filter(connector.entities()::contains)
                .orElseThrow(() -> new IllegalArgumentException("connector '" + name + "' syncs " + connector.entities().stream()
                        .map(EntityType::key).toList() + ", not '" + entity + "'"));
        if ((since == null) == (id == null || id.isEmpty())) {
            throw new IllegalArgumentException("give either since (an ISO-8601 time, e.g. 2026-11-01T00:00:00Z) or id (one or more record ids), not both");
        }
        String actor = Actors.current("operator");
        if (since != null) {
            checkpoints.save(name, type, new Checkpoint(since, "", since, null));
            polls.pollSoon(name);
            audit.append(actor, null, null, "connector-resync", "connector " + name + " reads " + type.key() + " again from " + since, null);
            return ResponseEntity.accepted().body(new Resync(name, type.key(), since.toString(), "at the next tick of the poll timer", null, null));
        }
        List<String> bad = id.stream().filter(i -> !RECORD_ID.matcher(i).matches()).toList();
        if (!bad.isEmpty() || id.size() > 100) {
            throw new IllegalArgumentException("expected at most 100 record ids of letters, digits, '-' and '_'; refused: " + bad);
        }
        var records = kinds.of(connector).reader().readByIds(connector, type, id);
        if (!records.isEmpty()) {
            pages.deliver(connector.name(), type, records, null);
        }
        int found = records.size();
        audit.append(actor, null, null, "connector-resync", "connector " + name + " read " + type.key() + " " + id + " again: " + found + " found", null);
        return ResponseEntity.ok(new Resync(name, type.key(), null, null, id.size(), found));
    }

    /** Calls the CRM with the connector's credentials and says what it answered (ops). */
    @PostMapping("/{name}/test")
    ConnectionTest test(@PathVariable String name) {
        var connector = connectors.find(name).orElseThrow(() -> unknown(name));
        var reader = kinds.of(connector).reader();
        try {
            return new ConnectionTest(name, true, reader.testConnection(connector));
        } catch (RuntimeException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
                    "connector " + name + " could not reach its CRM: " + e.getMessage());
        }
    }

    ConnectorsController(Connectors connectors, ConnectorKinds kinds, AuditRepository audit,
                         ConnectorStates states, CheckpointRepository checkpoints,
                         SyncFailureRepository failures, ConnectorPauseRepository operatorPauses,
                         SyncHealth health, PageSink pages, DuePolls polls) {
        this.health = health;
        this.pages = pages;
        this.polls = polls;
        this.operatorPauses = operatorPauses;
        this.connectors = connectors;
        this.kinds = kinds;
        this.audit = audit;
        this.states = states;
        this.checkpoints = checkpoints;
        this.failures = failures;
    }

    @GetMapping
    List<ConnectorView> list() {
        return connectors.all().stream().map(this::describe).toList();
    }

    @GetMapping("/{name}")
    ResponseEntity<ConnectorView> one(@PathVariable String name) {
        return connectors.find(name).map(c -> ResponseEntity.ok(describe(c))).orElseThrow(() -> unknown(name));
    }

    private ConnectorView describe(ConnectorProperties connector) {
        Optional<SyncHealth.ConnectorView> h = health.connector(connector.name());
        Optional<ConnectorStates.State> state = states.get(connector.name());
        Map<String, Cursor> reads = new LinkedHashMap<>();
        for (var entity : connector.entities()) {
            checkpoints.find(connector.name(), entity).ifPresent(cp -> reads.put(entity.key(),
                    new Cursor(String.valueOf(cp.cursorTimestamp()), String.valueOf(cp.watermark()))));
        }
        return new ConnectorView(connector.name(), connector.type(), connector.role().name().toLowerCase(Locale.ROOT), connector.partner(),
                connector.enabled(), connector.entities().stream().map(EntityType::key).toList(),
                connector.baseUrl() == null ? null : connector.baseUrl().toString(), connector.pollInterval().toString(),
                // which variables hold the secrets, so an admin can check them; the values never leave the process
                connector.secretEnv(),
                h.map(v -> v.status().name().toLowerCase(Locale.ROOT)).orElse(null),
                h.map(SyncHealth.ConnectorView::lastSuccess).map(Instant::toString).orElse(null),
                h.flatMap(SyncHealth.ConnectorView::quota).map(q -> new Quota(q.used(), q.limit(), q.left(), q.window())).orElse(null),
                h.flatMap(SyncHealth.ConnectorView::breaker).orElse(null),
                h.map(SyncHealth.ConnectorView::failures).orElse(null),
                h.map(SyncHealth.ConnectorView::entities).orElse(null),
                state.map(ConnectorStates.State::summary).orElse(null), state.map(ConnectorStates.State::healthy).orElse(null),
                state.map(ConnectorStates.State::since).orElse(null),
                states.isStopped(connector.name()),
                states.pause(connector.name()).map(p -> new Pause(p.by(), p.since().toString(), p.reason() == null ? "" : p.reason())).orElse(null),
                failures.countOpen(connector.name()), reads);
    }

    /**
     * A connector as ops see it: its configuration (secrets by the names of their variables), its
     * health, state and pause when it has them, its open failures and its read positions.
     */
    record ConnectorView(String name, String type, String role, String partner, boolean enabled, List<String> entities, String baseUrl,
                         String pollInterval, Map<String, String> secretVariables,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String status,
                         String lastSuccess,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Quota quota,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String circuitBreaker,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<FailureCategory, Long> failuresByCategory,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<SyncHealth.EntityView> activity,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String state,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Boolean healthy,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Instant since,
                         boolean stopped,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Pause paused,
                         long openFailures, Map<String, Cursor> checkpoints) {
    }

    record Quota(long used, long limit, long left, String window) {
    }

    record Pause(String by, String since, String reason) {
    }

    record Cursor(String cursor, String watermark) {
    }

    record PollRequested(String connector, String poll) {
    }

    /** A resync from a time ({@code since}, {@code poll}) or of records by id ({@code asked}, {@code found}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Resync(String connector, String entity, String since, String poll, Integer asked, Integer found) {
    }

    record ConnectionTest(String connector, boolean ok, String answer) {
    }

    record Paused(String connector, boolean paused) {
    }

    record Resumed(String connector, boolean resumed) {
    }

    private static ResponseStatusException unknown(String name) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no connector named '" + name + "' is configured");
    }

    /** Pauses a connector until resumed, on every instance and across restarts: no polls, no writes, webhooks answered 503. */
    @PostMapping("/{name}/pause")
    ResponseEntity<Paused> pause(@PathVariable String name, @RequestParam(required = false) String reason) {
        if (connectors.find(name).isEmpty()) {
            throw unknown(name);
        }
        String actor = Actors.current("operator");
        operatorPauses.pause(name, actor, reason);
        audit.append(actor, null, null, "connector-paused", "connector " + name + " paused" + (reason == null ? "" : ": " + reason), null);
        return ResponseEntity.ok(new Paused(name, true));
    }

    /** Lifts an operator's pause and any rate-limit pause now. */
    @PostMapping("/{name}/resume")
    ResponseEntity<Resumed> resume(@PathVariable String name) {
        var connector = connectors.find(name).orElseThrow(() -> unknown(name));
        operatorPauses.resume(name);
        kinds.of(connector).rateLimitPause().ifPresent(pause -> pause.resume(name));
        audit.append(Actors.current("operator"), null, null, "connector-resumed", "rate-limit pause of connector " + name + " lifted", null);
        return ResponseEntity.ok(new Resumed(name, true));
    }
}
