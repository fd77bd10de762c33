package io.partnersync.reliability;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One record in a fake CRM as its readers see it: writes apply at once (a write's answer and a read
 * by id show them), but queries and searches see a write only {@code lag} after it was made, as
 * Salesforce (a transaction's SystemModstamp is taken before it commits) and HubSpot (search is an
 * index updated a few seconds behind) do. Until then they see the version before, or nothing for a
 * new record. Not thread-safe: the fake serializes access.
 */
final class Versioned<T> {

    private final UnaryOperator<T> copy;
    private T current;
    private long writtenAtMillis;
    private T indexed;

    Versioned(T created, UnaryOperator<T> copy) {
        this.copy = copy;
        this.current = created;
        this.writtenAtMillis = System.currentTimeMillis();
    }

    /** The record as it is now; change it only through {@link #write}. */
    T current() {
        return current;
    }

    /** Replaces the record; what queries saw until now stays what they see for {@code lag}. */
    void write(T next, Duration lag) {
        long now = System.currentTimeMillis();
        if (now - writtenAtMillis >= lag.toMillis()) {
            indexed = copy.apply(current);
        }
        current = next;
        writtenAtMillis = now;
    }

    /** The version queries see now, or {@code null} when the record is not visible to them yet. */
    T visible(Duration lag) {
        return System.currentTimeMillis() - writtenAtMillis >= lag.toMillis() ? current : indexed;
    }
}
