package io.partnersync.sync.spi;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes canonical records to one kind of CRM, in batches. Implementations call their CRM's
 * batch API and answer for every record; they never throw for a single record's failure. Every
 * write is an upsert by the record's PartnerSync id (or by its id in the CRM when known), so the
 * engine's retry of a batch never makes a duplicate.
 */
public interface ConnectorWriter {

    /** How many records one relay run hands to {@link #write} at most; the writer batches them for its API. */
    int maxRecordsPerRun(ConnectorProperties connector);

    /**
     * About how many API calls {@link #write} spends on {@code records} records (what the vendor CRM's
     * API budget counts); by default one per batch of the connector's {@code limits.batch-size}.
     */
    default int calls(ConnectorProperties connector, int records) {
        int batch = Math.max(1, connector.limits().batchSize());
        return (records + batch - 1) / batch;
    }

    /** @param records in the order to write; answer each with a result naming that very record */
    List<WriteResult> write(ConnectorProperties connector, EntityType type, List<OutboundRecord> records);

    /**
     * What the CRM receives: UPSERT writes the record as it is; ARCHIVE puts the mapping's archive
     * marks on the CRM's copy (the record was deleted); DECISION writes only the decided
     * (vendor-wins) fields onto a copy the CRM already holds; WITHDRAW puts the archive marks on the
     * copy in a CRM that no longer receives the record (a lead given to another partner).
     */
    enum Operation { UPSERT, ARCHIVE, DECISION, WITHDRAW }

    /**
     * A record to write.
     *
     * @param id the record's PartnerSync id, which the CRM keeps in the field the kind upserts by
     * @param fields the record's canonical values, now
     * @param crmFields what the mapping makes of them for this CRM (field path to value)
     * @param externalId the record's id in this CRM when known, else {@code null}
     */
    record OutboundRecord(UUID id, Operation operation, Map<String, Object> fields, Map<String, Object> crmFields, String externalId) {
    }

    /** What became of one record. */
    sealed interface WriteResult permits Written, Failed {
        OutboundRecord record();
    }

    /**
     * @param externalId the record's id in the CRM
     * @param unfinished what was left undone after the record itself was written (a link to a related
     *     record), kept as a failure whose replay writes the record again; {@code null} when all was done
     */
    record Written(OutboundRecord record, String externalId, Unfinished unfinished) implements WriteResult {

        public Written(OutboundRecord record, String externalId) {
            this(record, externalId, null);
        }
    }

    /** @param retry whether trying again later may help (a lock, a limit), as opposed to bad data */
    record Failed(OutboundRecord record, FailureCategory category, String reason, boolean retry) implements WriteResult {
    }

    /** Part of a write that did not happen, with its category and reason. */
    record Unfinished(FailureCategory category, String reason) {
    }
}
