package io.partnersync.sync;

import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.canonical.InvalidRecordException;
import io.partnersync.mapping.RecordMappingException;
import io.partnersync.sync.spi.FailureCategory;
import java.io.IOException;
import org.springframework.dao.TransientDataAccessException;

/** Puts an exception that escaped a route into a failure category ops can act on. */
final class FailureClassifier {

    private FailureClassifier() {
    }

    static FailureCategory categorize(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CategorizedException categorized) {
                return categorized.category();
            }
            if (t instanceof InvalidRecordException || t instanceof RecordMappingException || t instanceof IllegalArgumentException) {
                return FailureCategory.VALIDATION;
            }
            if (t instanceof IOException || t instanceof TransientDataAccessException) {
                return FailureCategory.TRANSIENT;
            }
        }
        return FailureCategory.INTERNAL;
    }

    static String describe(Throwable error) {
        if (error == null) {
            return "no exception recorded";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == error ? message : error.getClass().getSimpleName() + ": " + message;
    }
}
