package io.partnersync.ops;

import io.partnersync.store.IngestResult;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import java.util.List;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ops API for sync failures: what is stuck and why, and replay. */
@RestController
@RequestMapping("/api/failures")
class FailuresController {

    private final SyncFailureRepository failures;
    private final FailureReplay replay;

    FailuresController(SyncFailureRepository failures, FailureReplay replay) {
        this.failures = failures;
        this.replay = replay;
    }

    @GetMapping
    List<SyncFailure> list(@RequestParam(defaultValue = "true") boolean open,
                           @RequestParam(required = false) String connector,
                           @RequestParam(defaultValue = "100") int limit) {
        return failures.list(open, connector, Math.min(Math.max(limit, 1), 1000));
    }

    @GetMapping("/{id}")
    ResponseEntity<SyncFailure> get(@PathVariable long id) {
        return ResponseEntity.of(failures.find(id));
    }

    @PostMapping("/{id}/replay")
    Map<String, Object> replay(@PathVariable long id) {
        IngestResult.RecordOutcome outcome = replay.replay(id);
        return outcome.entityId() == null
                ? Map.of("failureId", id, "outcome", outcome.outcome())
                : Map.of("failureId", id, "outcome", outcome.outcome(), "entityId", outcome.entityId());
    }

    @ExceptionHandler(FailureReplay.ReplayRefusedException.class)
    ProblemDetail refused(FailureReplay.ReplayRefusedException e) {
        return ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatusCode.valueOf(e.status()), e.getMessage());
    }
}
