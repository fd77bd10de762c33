package io.partnersync.sync;

import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.InvalidRecordException;
import io.partnersync.store.StoredRecord;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import io.partnersync.sync.spi.RowWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import java.util.Comparator;

/**
 * The domain steps of each entity, in the order they see a change, declared here and nowhere else
 * ({@link #ORDER}, by step name). A step not named there (one a plug-in adds) runs after the named
 * ones of its entity; a named step that is not there (a capability switched off) is left out.
 * Immutable.
 */
@Component
class DomainSteps {

    /**
     * A deal's registration is decided before its payouts are computed (a payout needs the
     * decision); a lead is distributed; a payout the vendor paid is never archived.
     */
    static final Map<EntityType, List<String>> ORDER = Map.of(
            EntityType.DEAL, List.of("registration", "payouts"),
            EntityType.LEAD, List.of("distribution"),
            EntityType.PAYOUT, List.of("paid-payout-guard"));

    private final Map<EntityType, List<DomainStep<CanonicalRecord>>> byEntity = new EnumMap<>(EntityType.class);
    private final List<RowWriter<Effects.Row>> writers = new ArrayList<>();

    @SuppressWarnings({"rawtypes", "unchecked"})
    DomainSteps(ObjectProvider<DomainStep> steps, ObjectProvider<RowWriter> writers) {
        writers.orderedStream().forEach(writer -> this.writers.add((RowWriter<Effects.Row>) writer));
        steps.orderedStream().forEach(step -> byEntity.computeIfAbsent(step.entity(), e -> new ArrayList<>()).add((DomainStep<CanonicalRecord>) step));
        byEntity.forEach((entity, mine) -> {
            List<String> order = ORDER.getOrDefault(entity, List.of());
            mine.sort(Comparator.comparingInt(step -> order.contains(step.name()) ? order.indexOf(step.name()) : order.size()));
        });
    }

    List<DomainStep<CanonicalRecord>> of(EntityType type) {
        return byEntity.getOrDefault(type, List.of());
    }

    /** Saves the rows a step returned, in its order, each by the writer of its type. */
    void write(List<Effects.Row> rows) {
        for (Effects.Row row : rows) {
            writers.stream().filter(writer -> writer.type().isInstance(row)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no RowWriter is registered for " + row.getClass().getName()))
                    .write(row);
        }
    }

    /** Why a step keeps {@code current} although its CRM deleted it; empty for most (and for a stored record no longer valid). */
    Optional<String> refusedArchive(EntityType type, StoredRecord current) {
        List<DomainStep<CanonicalRecord>> mine = of(type);
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        CanonicalRecord stored;
        try {
            stored = CanonicalFields.fromMap(type, current.fields());
        } catch (InvalidRecordException e) {
            return Optional.empty();
        }
        for (DomainStep<CanonicalRecord> step : mine) {
            Optional<String> refused = step.refuseArchive(stored);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }
}
