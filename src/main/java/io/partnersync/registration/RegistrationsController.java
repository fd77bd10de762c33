package io.partnersync.registration;

import io.partnersync.canonical.EntityType;
import io.partnersync.registration.policy.Decision;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import io.partnersync.store.AuditRepository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops and channel-manager API for deal registrations: a registration's current decision with its
 * audit history, the one extension the program allows, and an immediate expiry run.
 */
@RestController
@RequestMapping("/api/registrations")
class RegistrationsController {

    private final RegistrationService service;
    private final RegistrationRepository registrations;
    private final RegistrationExpiry expiry;
    private final AuditRepository audit;

    RegistrationsController(RegistrationService service, RegistrationRepository registrations, RegistrationExpiry expiry,
                            AuditRepository audit) {
        this.service = service;
        this.registrations = registrations;
        this.expiry = expiry;
        this.audit = audit;
    }

    @GetMapping("/{dealId}")
    ResponseEntity<Map<String, Object>> get(@PathVariable UUID dealId) {
        return registrations.find(dealId).map(r -> ResponseEntity.ok(Map.<String, Object>of("registration", r, "history", history(dealId))))
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND, "no deal registration for deal " + dealId));
    }

    /** Grants the single extension when the rules allow one; 409 with the reason when they do not. */
    @PostMapping("/{dealId}/extension")
    ResponseEntity<?> extend(@PathVariable UUID dealId) {
        RegistrationService.ExtensionResult result = service.extend(dealId, io.partnersync.security.Actors.current("operator"));
        if (result instanceof RegistrationService.Extended extended) {
            return ResponseEntity.ok(extended.registration());
        }
        if (result instanceof RegistrationService.Refused refused) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, refused.reason()));
        }
        throw new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND, "no deal registration for deal " + dealId);
    }

    /** Runs the expiry check now instead of waiting for its schedule. */
    @PostMapping("/expiry-run")
    Map<String, Object> expireNow() {
        return Map.of("expired", expiry.expireDue());
    }

    private List<Map<String, Object>> history(UUID dealId) {
        return audit.historyWithDetail(io.partnersync.canonical.EntityType.DEAL, dealId);
    }
}
