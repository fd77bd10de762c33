package io.partnersync.web;

import io.partnersync.connection.Invitations;
import io.partnersync.security.Actors;
import io.partnersync.store.InvitationRepository.Invitation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Invitations for partners to connect their own CRM: ops create one and pass its link to the
 * partner's CRM admin (the link is answered once, at creation, and never kept), list them with the
 * step each reached, and withdraw one not yet live.
 */
@RestController
@RequestMapping("/api/invitations")
class InvitationsController {

    /**
     * @param partner the partner's key, as the vendor CRM knows it
     * @param kind the partner's CRM kind ({@code hubspot})
     * @param entities what the connection will sync; default deal, lead, payout
     * @param connection the connection's name; default {@code <partner>-<kind>}
     * @param settings the connection's other settings (poll-interval, limits, the kind's block), kebab-case keys as in the configuration file
     */
    record NewInvitation(String partner, String kind, List<String> entities, String connection, java.util.Map<String, Object> settings) {
    }

    private final Invitations invitations;

    InvitationsController(Invitations invitations) {
        this.invitations = invitations;
    }

    @PostMapping
    ResponseEntity<Invitations.Created> create(@RequestBody NewInvitation body) {
        try {
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(invitations.create(body.partner(), body.kind(), body.entities(), body.connection(), body.settings(),
                            Actors.current("ops")));
        } catch (Invitations.Refused e) {
            throw new ResponseStatusException(HttpStatus.valueOf(e.status()), e.getMessage());
        }
    }

    /** The newest 1,000, with the step each reached ({@code invited, opened, consented, live, withdrawn}); never a link. */
    @GetMapping
    List<Shown> list() {
        return invitations.list().stream().map(Shown::of).toList();
    }

    @DeleteMapping("/{id}")
    Shown revoke(@PathVariable long id) {
        try {
            return Shown.of(invitations.revoke(id, Actors.current("ops")));
        } catch (Invitations.Refused e) {
            throw new ResponseStatusException(HttpStatus.valueOf(e.status()), e.getMessage());
        }
    }

    record Shown(long id, String partner, String kind, String connection, List<String> entities, String step, String createdBy,
                 java.time.Instant createdAt, java.time.Instant expiresAt, String identity) {
        static Shown of(Invitation invitation) {
            return new Shown(invitation.id(), invitation.partner(), invitation.kind(), invitation.connection(), invitation.entities(),
                    invitation.step(), invitation.createdBy(), invitation.createdAt(), invitation.expiresAt(), invitation.identity());
        }
    }
}
