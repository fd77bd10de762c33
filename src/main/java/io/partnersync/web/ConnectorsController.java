package io.partnersync.web;

import io.partnersync.connector.RateLimitPause;

import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.store.AuditRepository;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops API for connectors: each one's configuration (secrets by the names of their environment
 * variables, never their values), state, open failures, outbox and checkpoints; lift a rate-limit
 * pause now (audited as "connector-resumed").
 */
@RestController
@RequestMapping("/api/connectors")
class ConnectorsController {

    private final PartnerSyncProperties properties;
    private final List<RateLimitPause> pauses;
    private final AuditRepository audit;

    private final io.partnersync.ops.ConnectorStates states;
    private final io.partnersync.store.CheckpointRepository checkpoints;
    private final io.partnersync.store.SyncFailureRepository failures;
    private final io.partnersync.store.ConnectorPauseRepository operatorPauses;
    private final SyncHealth health;

    ConnectorsController(PartnerSyncProperties properties, List<RateLimitPause> pauses, AuditRepository audit,
                         io.partnersync.ops.ConnectorStates states, io.partnersync.store.CheckpointRepository checkpoints,
                         io.partnersync.store.SyncFailureRepository failures, io.partnersync.store.ConnectorPauseRepository operatorPauses,
                         SyncHealth health) {
        this.health = health;
        this.operatorPauses = operatorPauses;
        this.properties = properties;
        this.pauses = pauses;
        this.audit = audit;
        this.states = states;
        this.checkpoints = checkpoints;
        this.failures = failures;
    }

    @org.springframework.web.bind.annotation.GetMapping
    List<Map<String, Object>> list() {
        return properties.connectors().stream().map(this::describe).toList();
    }

    @org.springframework.web.bind.annotation.GetMapping("/{name}")
    ResponseEntity<Map<String, Object>> one(@PathVariable String name) {
        return properties.connector(name).map(c -> ResponseEntity.ok(describe(c))).orElseThrow(() -> unknown(name));
    }

    private Map<String, Object> describe(io.partnersync.config.ConnectorProperties connector) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("name", connector.name());
        view.put("type", connector.type().name().toLowerCase(java.util.Locale.ROOT));
        view.put("role", connector.role().name().toLowerCase(java.util.Locale.ROOT));
        view.put("partner", connector.partner());
        view.put("enabled", connector.enabled());
        view.put("entities", connector.entities().stream().map(io.partnersync.canonical.EntityType::key).toList());
        view.put("baseUrl", connector.baseUrl() == null ? null : connector.baseUrl().toString());
        view.put("pollInterval", connector.pollInterval().toString());
        // which variables hold the secrets, so an admin can check them; the values never leave the process
        view.put("secretVariables", connector.secretEnv());
        health.connector(connector.name()).ifPresent(h -> {
            view.put("status", h.status().name().toLowerCase(java.util.Locale.ROOT));
            view.put("lastSuccess", h.lastSuccess() == null ? null : h.lastSuccess().toString());
            h.quota().ifPresent(q -> view.put("quota", Map.of("used", q.used(), "limit", q.limit(), "left", q.left(), "window", q.window())));
            h.breaker().ifPresent(b -> view.put("circuitBreaker", b));
            view.put("failuresByCategory", h.failures());
            view.put("activity", h.entities());
        });
        states.get(connector.name()).ifPresent(state -> {
            view.put("state", state.summary());
            view.put("healthy", state.healthy());
            view.put("since", state.since());
        });
        view.put("stopped", states.isStopped(connector.name()));
        states.pause(connector.name()).ifPresent(pause -> view.put("paused", Map.of("by", pause.by(), "since", pause.since().toString(),
                "reason", pause.reason() == null ? "" : pause.reason())));
        view.put("openFailures", failures.countOpen(connector.name()));
        Map<String, Object> reads = new java.util.LinkedHashMap<>();
        for (var entity : connector.entities()) {
            checkpoints.find(connector.name(), entity).ifPresent(cp -> reads.put(entity.key(), Map.of(
                    "cursor", String.valueOf(cp.cursorTimestamp()), "watermark", String.valueOf(cp.watermark()))));
        }
        view.put("checkpoints", reads);
        return view;
    }

    private static org.springframework.web.server.ResponseStatusException unknown(String name) {
        return new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "no connector named '" + name + "' is configured");
    }

    /** Pauses a connector until resumed, on every instance and across restarts: no polls, no writes, webhooks answered 503. */
    @PostMapping("/{name}/pause")
    ResponseEntity<Map<String, Object>> pause(@PathVariable String name,
                                              @org.springframework.web.bind.annotation.RequestParam(required = false) String reason) {
        if (properties.connector(name).isEmpty()) {
            throw unknown(name);
        }
        String actor = io.partnersync.security.Actors.current("operator");
        operatorPauses.pause(name, actor, reason);
        audit.append(actor, null, null, "connector-paused", "connector " + name + " paused" + (reason == null ? "" : ": " + reason), null);
        return ResponseEntity.ok(Map.of("connector", name, "paused", true));
    }

    /** Lifts an operator's pause and any rate-limit pause now. */
    @PostMapping("/{name}/resume")
    ResponseEntity<Map<String, Object>> resume(@PathVariable String name) {
        if (properties.connector(name).isEmpty()) {
            throw unknown(name);
        }
        operatorPauses.resume(name);
        pauses.forEach(pause -> pause.resume(name));
        audit.append(io.partnersync.security.Actors.current("operator"), null, null, "connector-resumed", "rate-limit pause of connector " + name + " lifted", null);
        return ResponseEntity.ok(Map.of("connector", name, "resumed", true));
    }
}
