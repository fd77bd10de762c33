package io.partnersync.sync;

import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.canonical.EntityType;
import java.sql.SQLException;

/**
 * What to tell ops when PostgreSQL refuses one record: the category by SQLSTATE (23xxx: a unique or
 * other integrity rule, 22xxx: a value the column cannot hold) and the database's own sentence,
 * which names the constraint or the bad value, with the record it concerns.
 */
final class StoreRefusals {

    private StoreRefusals() {
    }

    static FailureCategory category(RuntimeException e) {
        String state = sqlState(e);
        if (state == null) {
            return FailureCategory.INTERNAL;
        }
        return state.equals("23505") ? FailureCategory.DUPLICATE : state.startsWith("22") || state.startsWith("23")
                ? FailureCategory.VALIDATION : FailureCategory.INTERNAL;
    }

    static String reason(EntityType type, String externalId, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().replaceAll("\\s+", " ").trim();
        return "the store refused " + type.key() + " '" + externalId + "': " + message;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
