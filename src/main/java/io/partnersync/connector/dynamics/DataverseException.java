package io.partnersync.connector.dynamics;

import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.time.Duration;

/** An error answer of the Dataverse Web API, with its HTTP status, Dataverse's error code and, for a 429, how long to wait. */
final class DataverseException extends CategorizedException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    DataverseException(int status, String code, String message, Duration retryAfter) {
        super(categoryOf(status), message, null);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** 429 (service protection) waits; 401/403 are the credentials; 5xx passes; 400, 404 and 412 are about the record. */
    static FailureCategory categoryOf(int status) {
        if (status == 429) {
            return FailureCategory.RATE_LIMIT;
        }
        if (status == 401 || status == 403) {
            return FailureCategory.AUTH;
        }
        if (status >= 500 || status == 408) {
            return FailureCategory.TRANSIENT;
        }
        return status == 412 ? FailureCategory.CONFLICT : FailureCategory.VALIDATION;
    }

    int status() {
        return status;
    }

    /** Dataverse's error code, such as {@code 0x80072322} (often empty). */
    String code() {
        return code;
    }

    /** The {@code Retry-After} of a 429, or {@code null}. */
    Duration retryAfter() {
        return retryAfter;
    }
}
