package io.partnersync.connector.salesforce;

import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;

/**
 * A call Salesforce refused, with the HTTP status and Salesforce's error code
 * ({@code REQUEST_LIMIT_EXCEEDED}, {@code INVALID_FIELD}, ...).
 */
public class SalesforceApiException extends CategorizedException {

    private final int status;
    private final String errorCode;

    SalesforceApiException(FailureCategory category, int status, String errorCode, String message, Throwable cause) {
        super(category, "Salesforce " + status + (errorCode == null ? "" : " " + errorCode) + ": " + message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }
}
