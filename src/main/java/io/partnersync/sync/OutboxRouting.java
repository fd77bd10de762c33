package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.ConnectorProperties.ConnectorRole;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Which connectors receive a changed record: every other enabled connector that syncs its entity,
 * except that a partner connector only ever receives its own partner's records (its partner row,
 * and leads, deals and payouts with its partner id) and never the shared customer accounts. This
 * is the first tenant gate; the connectors check again at their outbound boundary.
 */
final class OutboxRouting {

    private final List<ConnectorProperties> connectors;
    private final Function<String, UUID> partnerIdByKey;

    OutboxRouting(List<ConnectorProperties> connectors, Function<String, UUID> partnerIdByKey) {
        this.connectors = connectors;
        this.partnerIdByKey = partnerIdByKey;
    }

    List<ConnectorProperties> targets(String sourceConnector, EntityType type, Map<String, Object> fields) {
        return connectors.stream()
                .filter(c -> !c.name().equals(sourceConnector) && c.syncs(type))
                .filter(c -> c.role() == ConnectorRole.VENDOR || belongsTo(c.partner(), type, fields))
                .toList();
    }

    private boolean belongsTo(String partnerKey, EntityType type, Map<String, Object> fields) {
        return switch (type) {
            case PARTNER -> partnerKey.equals(fields.get("key"));
            case LEAD, DEAL, PAYOUT -> fields.get("partnerId") != null && Objects.equals(fields.get("partnerId"), partnerIdByKey.apply(partnerKey));
            case ACCOUNT -> false;
        };
    }
}
