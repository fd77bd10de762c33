package io.partnersync.store;

import java.util.Set;

/**
 * Published when writes were queued for {@code targets}; listeners that act on it after commit
 * (the relay) see the entries. Only a wake-up: the relay's timer stays the safety net.
 */
public record OutboxQueued(Set<String> targets) {
}
