package io.partnersync.registration;

import org.springframework.web.server.ResponseStatusException;
import io.partnersync.canonical.EntityType;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import io.partnersync.store.AuditRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import io.partnersync.security.Actors;

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
    RegistrationView get(@PathVariable UUID dealId) {
        return registrations.find(dealId).map(r -> new RegistrationView(r, audit.historyWithDetail(EntityType.DEAL, dealId)))
                .orElseThrow(() -> notFound(dealId));
    }

    /** Grants the single extension when the rules allow one; 409 with the reason when they do not. */
    @PostMapping("/{dealId}/extension")
    RegistrationRecord extend(@PathVariable UUID dealId) {
        RegistrationService.ExtensionResult result = service.extend(dealId, Actors.current("operator"));
        if (result instanceof RegistrationService.Extended extended) {
            return extended.registration();
        }
        if (result instanceof RegistrationService.Refused refused) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, refused.reason());
        }
        throw notFound(dealId);
    }

    /** Runs the expiry check now instead of waiting for its schedule. */
    @PostMapping("/expiry-run")
    Expired expireNow() {
        return new Expired(expiry.expireDue());
    }

    /** A registration's current decision with its audit history, oldest first. */
    record RegistrationView(RegistrationRecord registration, List<AuditRepository.DetailedEvent> history) {
    }

    record Expired(int expired) {
    }

    private static ResponseStatusException notFound(UUID dealId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no deal registration for deal " + dealId);
    }
}
