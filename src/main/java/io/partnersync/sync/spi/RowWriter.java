package io.partnersync.sync.spi;

/**
 * Saves a step's own rows ({@link Effects.Row}) for the engine, in the ingest transaction: a
 * capability registers one writer bean per row type it returns. Writes are idempotent (an upsert
 * by the row's key, or a change guarded by the row's state), so a replayed change writes nothing twice.
 *
 * @param <R> the rows it writes (usually a sealed interface of the capability's rows)
 */
public interface RowWriter<R extends Effects.Row> {

    Class<R> type();

    void write(R row);
}
