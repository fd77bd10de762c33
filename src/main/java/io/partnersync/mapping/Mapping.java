package io.partnersync.mapping;

import io.partnersync.canonical.EntityType;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A validated mapping for one CRM and entity, with a connector's overrides already applied.
 *
 * @param source the file(s) it was read from, for messages
 * @param object the CRM object or API name ({@code deals}, {@code Opportunity})
 * @param idPath path of the record's id in the CRM
 * @param modifiedPath path of the record's last-modified time
 * @param deletedPath path of a deleted/archived flag, or {@code null}
 * @param fields by canonical field name
 * @param archiveMarks what is written onto this CRM's copy of a record archived elsewhere (field path
 *     to value, from the file's {@code archive.mark}); empty leaves the copy as it is
 * @param writtenField the field a path names in a record PartnerSync writes to this CRM, or
 *     {@code null} for a path it cannot write (a related record's field); the CRM's kind says
 */
public record Mapping(
        String source,
        String crm,
        EntityType entity,
        String object,
        String idPath,
        String modifiedPath,
        String deletedPath,
        Map<String, FieldMapping> fields,
        Map<String, Object> archiveMarks,
        UnaryOperator<String> writtenField) {

    /** Writes top-level fields only: a path with a dot names a related record's field. */
    public static final UnaryOperator<String> TOP_LEVEL = path -> path.contains(".") ? null : path;

    public Mapping(String source, String crm, EntityType entity, String object, String idPath, String modifiedPath, String deletedPath,
                   Map<String, FieldMapping> fields) {
        this(source, crm, entity, object, idPath, modifiedPath, deletedPath, fields, Map.of(), TOP_LEVEL);
    }

    public Mapping(String source, String crm, EntityType entity, String object, String idPath, String modifiedPath, String deletedPath,
                   Map<String, FieldMapping> fields, Map<String, Object> archiveMarks) {
        this(source, crm, entity, object, idPath, modifiedPath, deletedPath, fields, archiveMarks, TOP_LEVEL);
    }

    /** The same mapping, with the fields it writes named by {@code writtenField}. */
    public Mapping withWrittenField(UnaryOperator<String> rule) {
        return new Mapping(source, crm, entity, object, idPath, modifiedPath, deletedPath, fields, archiveMarks, rule);
    }
}
