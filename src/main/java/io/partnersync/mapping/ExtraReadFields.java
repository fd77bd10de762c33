package io.partnersync.mapping;

import io.partnersync.canonical.EntityType;
import java.util.List;

/**
 * Fields of a CRM record that a business rule reads from the raw record besides those a mapping
 * maps (for example the property that marks a partner's deal for registration). Connectors whose
 * API returns only the fields asked for request these too.
 */
public interface ExtraReadFields {

    /** Field paths as written in a mapping's {@code from} (e.g. {@code properties.partnersync_register}). */
    List<String> fields(EntityType type);
}
