package io.partnersync.sandbox.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One record in a simulated CRM as its readers see it: writes apply at once (a write's answer and a read
 * by id show them), but queries and searches see a write only {@code lag} after it was made, as
 * Salesforce (a transaction's SystemModstamp is taken before it commits) and HubSpot (search is an
 * index updated a few seconds behind) do. Until then they see the version before, or nothing for a
 * new record. Keeps, for the census's diagnostics, every version written (who wrote it, when) and
 * when queries were served a version older than the current one. Not thread-safe: the simulator
 * serializes access.
 */
public final class Versioned<T> {

    /** At most this many older-version servings are kept per record. */
    private static final int MAX_SERVED = 20;

    /** One version as it was written: at {@code atMillis}, by {@code actor} (a user or the API call). */
    public record Write<T>(long atMillis, String actor, T version) {
    }

    /** What the diagnostics read of one record: its versions and the older versions queries were served. */
    public record Trace<T>(List<Write<T>> history, List<Served<T>> served) {
    }

    /** Queries were served {@code version} (older than the current one) from {@code firstMillis} to {@code lastMillis}. */
    public static final class Served<T> {
        final T version;
        final long firstMillis;
        long lastMillis;
        int times;

        public T version() {
            return version;
        }

        public long firstMillis() {
            return firstMillis;
        }

        public long lastMillis() {
            return lastMillis;
        }

        public int times() {
            return times;
        }

        Served(T version, long at) {
            this.version = version;
            this.firstMillis = at;
            this.lastMillis = at;
        }
    }

    private final UnaryOperator<T> copy;
    private T current;
    private long writtenAtMillis;
    private T indexed;
    private final List<Write<T>> history = new ArrayList<>();
    private final List<Served<T>> served = new ArrayList<>();

    public Versioned(T created, UnaryOperator<T> copy) {
        this(created, copy, "created");
    }

    public Versioned(T created, UnaryOperator<T> copy, String actor) {
        this.copy = copy;
        this.current = created;
        this.writtenAtMillis = System.currentTimeMillis();
        history.add(new Write<>(writtenAtMillis, actor, copy.apply(created)));
    }

    /** The record as it is now; change it only through {@link #write}. */
    public T current() {
        return current;
    }

    /** Replaces the record; what queries saw until now stays what they see for {@code lag}. */
    public void write(T next, Duration lag) {
        write(next, lag, "written");
    }

    /** As {@link #write(Object, Duration)}, naming who wrote it for the diagnostics. */
    public void write(T next, Duration lag, String actor) {
        long now = System.currentTimeMillis();
        if (now - writtenAtMillis >= lag.toMillis()) {
            indexed = copy.apply(current);
        }
        current = next;
        writtenAtMillis = now;
        history.add(new Write<>(now, actor, copy.apply(next)));
    }

    /** The version queries see now, or {@code null} when the record is not visible to them yet. */
    public T visible(Duration lag) {
        long now = System.currentTimeMillis();
        if (now - writtenAtMillis >= lag.toMillis()) {
            return current;
        }
        if (indexed != null) {
            Served<T> last = served.isEmpty() ? null : served.get(served.size() - 1);
            if (last != null && last.version == indexed) {
                last.lastMillis = now;
                last.times++;
            } else if (served.size() < MAX_SERVED) {
                Served<T> entry = new Served<>(indexed, now);
                entry.times = 1;
                served.add(entry);
            }
        }
        return indexed;
    }

    /** Every version written, oldest first (copies). */
    public List<Write<T>> history() {
        return List.copyOf(history);
    }

    /** When queries were served an older version than the current one (the first {@value #MAX_SERVED} episodes). */
    public List<Served<T>> served() {
        return List.copyOf(served);
    }
}
