package io.partnersync.sync.spi;

import java.util.Optional;
import java.util.UUID;

/** What a connector may ask about partners: the canonical id of a partner key (a writer's tenant check). */
public interface PartnerDirectory {

    Optional<UUID> partnerId(String partnerKey);
}
