package io.partnersync.connector.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code permits} calls in any rolling {@code window}, as HubSpot counts them: a call waits
 * until the oldest of the last {@code permits} calls is a full window old. Resilience4j's
 * RateLimiter refills in fixed cycles, so two cycles can meet inside one rolling window and let
 * through more than the allowance (5 searches in under a second at "4 per second"); this does not.
 * Thread-safe; waiting callers are served in no particular order.
 */
final class RollingLimit {

    private final int permits;
    private final long windowNanos;
    private final Deque<Long> granted = new ArrayDeque<>();

    RollingLimit(int permits, Duration window) {
        this.permits = Math.max(1, permits);
        this.windowNanos = window.toNanos();
    }

    /** Blocks until a call may go out, and counts it. */
    void acquire() throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (granted) {
                long now = System.nanoTime();
                while (!granted.isEmpty() && now - granted.peekFirst() >= windowNanos) {
                    granted.pollFirst();
                }
                if (granted.size() < permits) {
                    granted.addLast(now);
                    return;
                }
                waitNanos = windowNanos - (now - granted.peekFirst());
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(waitNanos, 1_000_000));
        }
    }
}
