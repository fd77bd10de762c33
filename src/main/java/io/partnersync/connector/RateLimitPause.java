package io.partnersync.connector;

/**
 * A CRM connector's pause after its API limit was spent (Salesforce's REQUEST_LIMIT_EXCEEDED or
 * quota stop, a HubSpot portal's daily or burst 429). Pauses end on their own; an operator who
 * knows the limit was reset or raised can lift one now.
 */
public interface RateLimitPause {

    /** Lifts the connector's pause; nothing happens for a connector this CRM type does not hold. */
    void resume(String connector);
}
