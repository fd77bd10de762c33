package io.partnersync.sync;

import io.partnersync.store.CanonicalRepository;
import io.partnersync.sync.spi.PartnerDirectory;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Partners as the store knows them. */
@Component
class StorePartnerDirectory implements PartnerDirectory {

    private final CanonicalRepository canonical;

    StorePartnerDirectory(CanonicalRepository canonical) {
        this.canonical = canonical;
    }

    @Override
    public Optional<UUID> partnerId(String partnerKey) {
        return canonical.findPartnerIdByKey(partnerKey);
    }
}
