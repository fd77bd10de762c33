package io.partnersync.mapping;

/** A CRM record that a mapping cannot turn into a canonical record; names the field and the file. */
public class RecordMappingException extends RuntimeException {

    private final String field;

    public RecordMappingException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
