package io.partnersync.connector;

/**
 * A CRM connector's pause after its API limit was spent (a daily allowance reached, a refusal for
 * the limit, a burst of 429s). Pauses end on their own; an operator who
 * knows the limit was reset or raised can lift one now.
 */
public interface RateLimitPause {

    /** Lifts the connector's pause; nothing happens for a connector this CRM type does not hold. */
    void resume(String connector);
}
