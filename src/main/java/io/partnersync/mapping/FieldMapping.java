package io.partnersync.mapping;

import io.partnersync.canonical.EntityType;
import java.util.Map;

/**
 * How one canonical field is read from a CRM record.
 *
 * @param target canonical field name
 * @param from dotted path in the CRM record ({@code properties.dealname}); {@code null} when the
 *     field only has a default
 * @param defaultValue used when the source value is absent or blank
 * @param converter applied to a present value before lookup and coercion, or {@code null}
 * @param lookup CRM value to canonical value (stage names, picklists), in file order; empty when
 *     unused. Written back, a canonical value becomes the first CRM value that maps to it
 * @param ref when set, the value is the external id (in the same connector) of a record of this
 *     type, and the canonical field receives that record's canonical id
 * @param keepWhenBlank written back, an empty canonical value leaves the CRM's value as it is
 *     ({@code when-blank: keep}): for a required CRM field, or one CRM field that two canonical fields share
 * @param unmatchedEmpty a CRM value not in the lookup reads as empty ({@code unmatched: empty})
 *     instead of failing the record: a field that takes only some of a CRM field's values
 * @param placeholder written when the canonical value is empty, and read back as empty: for a
 *     field the CRM requires that a record may lack (an Opportunity's close date); {@code null} when unused
 */
public record FieldMapping(
        String target,
        String from,
        Object defaultValue,
        Converter converter,
        Map<String, String> lookup,
        EntityType ref,
        SyncRule sync,
        boolean keepWhenBlank,
        boolean unmatchedEmpty,
        String placeholder) {

    /** A field whose empty value is written as empty, and whose lookup knows every value. */
    public FieldMapping(String target, String from, Object defaultValue, Converter converter, Map<String, String> lookup, EntityType ref, SyncRule sync) {
        this(target, from, defaultValue, converter, lookup, ref, sync, false, false, null);
    }
}
