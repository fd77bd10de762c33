package io.partnersync.sync.spi;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.ApiQuota;
import io.partnersync.connector.CircuitBreakerStates;
import io.partnersync.connector.PayoutCopies;
import io.partnersync.connector.RateLimitPause;
import io.partnersync.connector.SchemaCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of CRM (one per CRM product): the front door through which the engine reaches
 * everything of that kind. Registering a kind is one Spring bean implementing this; a connector's
 * {@code type} in the configuration names a registered kind's {@link #key()}, and the engine makes
 * that connector's routes from the shared route templates, binds and validates its settings, polls
 * it through its {@link #reader()}, keeps its checkpoints and failures, and relays the outbox to its
 * {@link #writer()}. A kind's code never stores anything itself.
 *
 * <p>A kind's bean is made before any other (the configuration check needs its key and settings
 * type, before the beans that read settings exist), when constructor injection is not yet
 * available: it has a constructor without arguments and looks its parts up when first asked for
 * them (as {@code BeanFactoryAware}, which works that early).
 *
 * @param <S> the kind's own settings: a record bound from the connector's block named after the
 *     key ({@code partnersync.connectors[n].<key>}), validated with its annotations like every
 *     other setting, and handed to the kind's code as {@link ConnectorProperties#settings(Class)}
 */
public interface ConnectorKind<S> {

    /** Lower-case letters, digits and '-'; what a connector's {@code type} says, and the name of its folder of mappings. */
    String key();

    /** The record the connector's {@code <key>:} block binds to; every component needs a default. */
    Class<S> settingsType();

    /** How far before the cursor a read sweeps again for records its CRM showed late (see the engine's poll window). */
    Duration lookBack(S settings);

    /**
     * Where a record PartnerSync wrote carries PartnerSync's id (the field it upserts by), as a path
     * into the record as read: reading our own write back resolves to that record.
     */
    String ownIdPath(S settings);

    /**
     * The field a mapping path names in a record the writer sends, or {@code null} when PartnerSync
     * cannot write it (a related record's field such as {@code Account.Name}). The default writes
     * top-level fields only.
     */
    default String writtenField(String mappingPath) {
        return mappingPath.contains(".") ? null : mappingPath;
    }

    /** Reads pages of records; the engine keeps the place. */
    SourceReader reader();

    /** Writes batches of records and answers per record. */
    ConnectorWriter writer();

    /** {@code validate --online}: what the CRM lacks for the mappings. */
    default Optional<SchemaCheck> schemaCheck() {
        return Optional.empty();
    }

    /** The API allowance each connector of this kind has used, for the page and the alerts. */
    default Optional<ApiQuota.Source> quota() {
        return Optional.empty();
    }

    /** Why a poll of {@code connector} should wait now (its API allowance is nearly spent); empty to read. */
    default Optional<String> pauseReason(ConnectorProperties connector) {
        return Optional.empty();
    }

    /** Lifts a pause after a spent API limit, when the kind keeps one. */
    default Optional<RateLimitPause> rateLimitPause() {
        return Optional.empty();
    }

    /** The circuit breakers the kind keeps in front of its CRM. */
    default Optional<CircuitBreakerStates> circuitBreakers() {
        return Optional.empty();
    }

    /**
     * Asked once beside start-up for every enabled connector of the kind: why it cannot work at all
     * (its CRM lacks what every write needs), in words that say what to do; the engine then stops
     * that connector and no other. Throws when the CRM could not be asked; the connector is then
     * shown unhealthy and goes on.
     */
    default Optional<String> startRefusal(ConnectorProperties connector) {
        return Optional.empty();
    }

    /** Payouts as the CRM holds them, for reconciliation. */
    default Optional<PayoutCopies> payoutCopies() {
        return Optional.empty();
    }

    /** How a partner's CRM admin connects this CRM by consenting in it (an invitation's link); empty when the kind has none. */
    default Optional<ConsentFlow> consent() {
        return Optional.empty();
    }

    /**
     * Keys outside the connectors' list that the kind's code reads itself ({@code @Value},
     * {@code @ConditionalOnProperty}), so the configuration check knows them.
     */
    default Set<String> globalSettings() {
        return Set.of();
    }
}
