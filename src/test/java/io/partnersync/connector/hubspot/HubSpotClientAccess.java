package io.partnersync.connector.hubspot;

/** What tests outside this package need to know of the HubSpot client. */
public final class HubSpotClientAccess {

    /** Tries of one call in all ({@link HubSpotClient#ATTEMPTS}). */
    public static final int ATTEMPTS = HubSpotClient.ATTEMPTS;

    private HubSpotClientAccess() {
    }
}
