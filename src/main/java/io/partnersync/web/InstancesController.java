package io.partnersync.web;

import io.partnersync.sync.InstanceShares;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ops API: the instances of PartnerSync alive on this store and how many connectors each works on (viewer). */
@RestController
@RequestMapping("/api/instances")
class InstancesController {

    private final InstanceShares shares;

    InstancesController(InstanceShares shares) {
        this.shares = shares;
    }

    /** The instances alive at this instance's last heartbeat, by id. */
    record Instances(String answeredBy, List<InstanceShares.Instance> instances) {
    }

    @GetMapping
    Instances instances() {
        return new Instances(shares.id(), shares.instances());
    }
}
