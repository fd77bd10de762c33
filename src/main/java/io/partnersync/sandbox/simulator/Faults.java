package io.partnersync.sandbox.simulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Faults a simulated CRM injects into a share of its calls, switchable at run time from any thread.
 * Each simulator has its own; {@link #roll()} decides a call's fate and counts it.
 */
public final class Faults {

    /** What happens to one call. */
    public enum Fault {
        /** answered normally */
        NONE,
        /** refused with 429 and {@code Retry-After: 1}, nothing applied */
        RATE_LIMITED,
        /** refused with 503, nothing applied */
        UNAVAILABLE,
        /** applied, but answered only after the client's timeout */
        SLOW,
        /** the connection is reset before anything is applied */
        RESET,
        /** applied, then the connection is reset: the caller cannot know its write landed */
        LOST_RESPONSE
    }

    private static final Fault[] MIX = {Fault.RATE_LIMITED, Fault.UNAVAILABLE, Fault.SLOW, Fault.RESET, Fault.LOST_RESPONSE};

    private volatile double share;
    private final Queue<Fault> forced = new ConcurrentLinkedQueue<>();
    private final Duration slowDelay;
    private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);

    /** @param slowDelay how long a {@link Fault#SLOW} answer takes; past the service's client timeouts (HubSpot 30 s, Salesforce idle 10 s) */
    Faults(Duration slowDelay) {
        this.slowDelay = slowDelay;
        for (Fault fault : Fault.values()) {
            counts.put(fault, new AtomicLong());
        }
    }

    /** From now on, {@code share} (0 to 1) of the calls get one of the faults, each equally likely. */
    public void inject(double share) {
        this.share = share;
    }

    public void off() {
        inject(0);
    }

    /** The next call gets {@code fault}, whatever the share (for a test, or to show a failure in the sandbox). */
    public void once(Fault fault) {
        forced.add(fault);
    }

    Fault roll() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Fault next = forced.poll();
        Fault fault = next != null ? next : share > 0 && random.nextDouble() < share ? MIX[random.nextInt(MIX.length)] : Fault.NONE;
        counts.get(fault).incrementAndGet();
        return fault;
    }

    public Duration slowDelay() {
        return slowDelay;
    }

    /** Calls that got each fault so far (NONE: answered normally). */
    public Map<Fault, Long> counts() {
        Map<Fault, Long> snapshot = new EnumMap<>(Fault.class);
        counts.forEach((fault, count) -> snapshot.put(fault, count.get()));
        return snapshot;
    }
}
