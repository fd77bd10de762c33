package io.partnersync.sandbox.simulator;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * HubSpot's rolling request limits as a portal enforces them: at most {@code burst} requests in any
 * 10 seconds and {@code searches} CRM searches in any second; a request over either is refused (and
 * not counted), naming the policy as HubSpot's 429 does. Thread-safe.
 */
public final class RollingLimits {

    private final Deque<Long> recent = new ArrayDeque<>();
    private final Deque<Long> recentSearches = new ArrayDeque<>();
    private volatile int burst;
    private volatile int searches;

    public RollingLimits(int burst, int searches) {
        this.burst = burst;
        this.searches = searches;
    }

    public void set(int burst, int searches) {
        this.burst = burst;
        this.searches = searches;
    }

    public int burst() {
        return burst;
    }

    /** The policy a request runs into ({@code TEN_SECONDLY_ROLLING}, {@code SECONDLY}), or {@code null} after counting it. */
    public String refuse(boolean search) {
        long now = System.nanoTime();
        synchronized (recent) {
            while (!recent.isEmpty() && now - recent.peekFirst() >= 10_000_000_000L) {
                recent.pollFirst();
            }
            while (!recentSearches.isEmpty() && now - recentSearches.peekFirst() >= 1_000_000_000L) {
                recentSearches.pollFirst();
            }
            if (recent.size() >= burst) {
                return "TEN_SECONDLY_ROLLING";
            }
            if (search && recentSearches.size() >= searches) {
                return "SECONDLY";
            }
            recent.addLast(now);
            if (search) {
                recentSearches.addLast(now);
            }
            return null;
        }
    }

    /** Forgets the requests counted so far. */
    public void reset() {
        synchronized (recent) {
            recent.clear();
            recentSearches.clear();
        }
    }

    /** Requests counted in the current 10-second window. */
    public int used() {
        synchronized (recent) {
            return recent.size();
        }
    }
}
