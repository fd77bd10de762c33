package io.partnersync.sync.spi;

import io.partnersync.sync.spi.FailureCategory;

/** A CRM's failure as a kind reports it: it already knows its failure category (an API answer the kind understood). */
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
