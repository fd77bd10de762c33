package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.ConnectorProperties.ConnectorRole;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.ConnectorWriter.Failed;
import io.partnersync.sync.spi.ConnectorWriter.OutboundRecord;
import io.partnersync.sync.spi.PartnerDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tenant boundary, for every kind: a partner's connector never receives another partner's
 * record, whatever routed it there. A refused record is logged as an error and answered as a
 * {@link FailureCategory#TENANT} failure that is never retried; the kind never sees it. A
 * withdrawal of a copy the partner's CRM already holds (a lead taken back) passes: it only marks
 * that copy. Records of a vendor connector are not judged.
 */
@Component
class TenantBoundary {

    private static final Logger log = LoggerFactory.getLogger(TenantBoundary.class);

    private final PartnerDirectory partners;

    TenantBoundary(PartnerDirectory partners) {
        this.partners = partners;
    }

    /** @param allowed the records the connector may receive, in their order; {@code refused} the answers for the others */
    record Split(List<OutboundRecord> allowed, List<Failed> refused) {
    }

    Split split(ConnectorProperties connector, EntityType type, List<OutboundRecord> records) {
        if (connector.role() != ConnectorRole.PARTNER) {
            return new Split(records, List.of());
        }
        UUID partnerId = partners.partnerId(connector.partner()).orElse(null);
        List<OutboundRecord> allowed = new ArrayList<>();
        List<Failed> refused = new ArrayList<>();
        for (OutboundRecord record : records) {
            boolean withdrawn = record.operation() == ConnectorWriter.Operation.WITHDRAW && record.externalId() != null;
            if (withdrawn || belongsToPartner(connector, type, record.fields(), partnerId)) {
                allowed.add(record);
            } else {
                log.error("Refused to send {} {} to connector {}: it does not belong to partner {}", type.key(), record.id(),
                        connector.name(), connector.partner());
                refused.add(new Failed(record, FailureCategory.TENANT, "refused: " + type.key() + " " + record.id()
                        + " does not belong to partner " + connector.partner() + " of connector " + connector.name(), false));
            }
        }
        return new Split(allowed, refused);
    }

    static boolean belongsToPartner(ConnectorProperties connector, EntityType type, Map<String, Object> fields, UUID partnerId) {
        return switch (type) {
            case PARTNER -> Objects.equals(connector.partner(), fields.get("key"));
            case LEAD, DEAL, PAYOUT -> partnerId != null && partnerId.equals(fields.get("partnerId"));
            case ACCOUNT -> false;
        };
    }
}
