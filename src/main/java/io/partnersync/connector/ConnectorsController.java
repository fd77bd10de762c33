package io.partnersync.connector;

import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.store.AuditRepository;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ops API for connectors: lift a rate-limit pause now (audited as "connector-resumed"). */
@RestController
@RequestMapping("/api/connectors")
class ConnectorsController {

    private final PartnerSyncProperties properties;
    private final List<RateLimitPause> pauses;
    private final AuditRepository audit;

    ConnectorsController(PartnerSyncProperties properties, List<RateLimitPause> pauses, AuditRepository audit) {
        this.properties = properties;
        this.pauses = pauses;
        this.audit = audit;
    }

    @PostMapping("/{name}/resume")
    ResponseEntity<Map<String, Object>> resume(@PathVariable String name) {
        if (properties.connector(name).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        pauses.forEach(pause -> pause.resume(name));
        audit.append(io.partnersync.security.Actors.current("operator"), null, null, "connector-resumed", "rate-limit pause of connector " + name + " lifted", null);
        return ResponseEntity.ok(Map.of("connector", name, "resumed", true));
    }
}
