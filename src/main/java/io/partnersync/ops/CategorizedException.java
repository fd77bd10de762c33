package io.partnersync.ops;

import io.partnersync.store.FailureCategory;

/** An error that already knows its failure category (connectors throw these for API answers). */
public class CategorizedException extends RuntimeException {

    private final FailureCategory category;

    public CategorizedException(FailureCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    public FailureCategory category() {
        return category;
    }
}
