package io.partnersync.canonical;

/** A canonical record was given a value that breaks one of its rules; names the field. */
public class InvalidRecordException extends IllegalArgumentException {

    private final String field;

    public InvalidRecordException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
