package io.partnersync.sync;

import java.time.Instant;

/**
 * A page of the vendor's partners created partners the store did not have, committed at {@code at}:
 * the records kept because their partner was not in the store yet may go in now.
 */
public record PartnersArrived(Instant at) {
}
