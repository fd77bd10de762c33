package io.partnersync.sandbox.simulator;

import java.net.URI;
import java.util.Map;

/**
 * A simulated CRM as the sandbox starts, wires and stops it, whatever its kind: where it listens,
 * the credentials a connector sends it, and (for a kind whose CRM pushes changes) where it
 * delivers them. The sandbox and its story know these roles ({@link VendorCrm}, {@link PartnerCrm}),
 * never a kind; {@link SimulatedCrms} makes the one a kind names.
 */
public interface SimulatedCrm extends AutoCloseable {

    /** The simulator itself, for a test that counts its calls or injects faults. */
    Simulator simulator();

    default String url() {
        return simulator().url();
    }

    default int port() {
        return simulator().port();
    }

    /**
     * The credentials a connector of this CRM sends, by the keys of its {@code secret-env} (for
     * example {@code token}, {@code client-id}); the simulators accept any, so these are no secrets.
     */
    Map<String, String> credentials();

    /**
     * From now on, this CRM's changes reach the service at {@code service} for the connector
     * {@code connector}, as the real CRM's webhooks or events would; a kind that pushes nothing does nothing.
     */
    default void deliverChangesTo(URI service, String connector) {
    }

    /** Batches of changes delivered to the service (answered 2xx) so far. */
    default long changesDelivered() {
        return 0;
    }

    @Override
    default void close() {
        simulator().close();
    }
}
