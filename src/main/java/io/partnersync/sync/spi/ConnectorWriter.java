package io.partnersync.sync.spi;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.store.FailureCategory;
import io.partnersync.store.OutboxEntry;
import java.util.List;
import java.util.Map;

/**
 * Writes canonical records to one type of CRM, in batches. Implementations call their CRM's
 * batch API and report every record's result; they never throw for a single record's failure.
 */
public interface ConnectorWriter {


    /** How many records one relay run hands to {@link #write} at most; the writer batches them for its API. */
    int maxRecordsPerRun(ConnectorProperties connector);

    /** @param records in the order to write; each result names its entry */
    List<WriteResult> write(ConnectorProperties connector, EntityType type, List<OutboundRecord> records);

    /**
     * A record to write.
     *
     * @param fields the record's canonical values, now
     * @param crmFields what the mapping makes of them for this CRM (field path to value)
     * @param externalId the record's id in this CRM when known, else {@code null}
     */
    record OutboundRecord(OutboxEntry entry, Map<String, Object> fields, Map<String, Object> crmFields, String externalId) {
    }

    /** What became of one record. */
    sealed interface WriteResult permits Written, Failed {
        OutboxEntry entry();
    }

    /** @param externalId the record's id in the CRM */
    record Written(OutboxEntry entry, String externalId) implements WriteResult {
    }

    /** @param retry whether trying again later may help (a lock, a limit), as opposed to bad data */
    record Failed(OutboxEntry entry, FailureCategory category, String reason, boolean retry) implements WriteResult {
    }
}
