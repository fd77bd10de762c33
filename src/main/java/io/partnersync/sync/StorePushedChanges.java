package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.store.WebhookEventRepository;
import io.partnersync.sync.spi.PageSink;
import io.partnersync.sync.spi.PushedChanges;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Pushes kept in the store: taken event ids in {@code webhook_event}, stream positions beside the checkpoints. */
@Component
class StorePushedChanges implements PushedChanges {

    private final WebhookEventRepository events;
    private final CheckpointRepository checkpoints;
    private final PageSink pages;
    private final TransactionTemplate transaction;
    private final ConnectorStates states;
    private final ConnectorFailures failures;

    StorePushedChanges(WebhookEventRepository events, CheckpointRepository checkpoints, PageSink pages, TransactionTemplate transaction,
                       ConnectorStates states, ConnectorFailures failures) {
        this.events = events;
        this.checkpoints = checkpoints;
        this.pages = pages;
        this.transaction = transaction;
        this.states = states;
        this.failures = failures;
    }

    @Override
    public boolean refused(String connector) {
        return states.isStopped(connector);
    }

    @Override
    public Set<String> taken(String connector, Collection<String> eventIds) {
        return events.taken(connector, eventIds);
    }

    @Override
    public int deliver(String connector, EntityType entity, List<Map<String, Object>> records, Collection<String> eventIds) {
        Integer fresh = transaction.execute(status -> {
            pages.deliver(connector, entity, records, null);
            return events.record(connector, eventIds);
        });
        return fresh == null ? 0 : fresh;
    }

    @Override
    public int forgetEventsBefore(Instant before) {
        return events.forgetBefore(before);
    }

    @Override
    public void succeeded(String connector, EntityType entity) {
        failures.succeeded(connector, entity, ConnectorFailures.Activity.WEBHOOK);
    }

    @Override
    public void failed(String connector, EntityType entity, RuntimeException cause) {
        failures.failed(connector, entity, ConnectorFailures.Activity.WEBHOOK, cause);
    }

    @Override
    public Optional<StreamPosition> streamPosition(String connector, EntityType entity) {
        return checkpoints.findReplay(connector, entity).map(p -> new StreamPosition(p.replayId(), p.savedAt()));
    }

    @Override
    public void saveStreamPosition(String connector, EntityType entity, String position) {
        checkpoints.saveReplay(connector, entity, position);
    }
}
