package io.partnersync.connector;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import java.util.List;

/** What an operator can ask of a connector's CRM directly: read given records again now, and check that the connection works. */
public interface RecordReader {

    ConnectorProperties.ConnectorType type();

    /**
     * Reads these records from the CRM now and hands them to the engine (as a poll would); returns
     * how many the CRM had.
     */
    int resync(ConnectorProperties connector, EntityType entity, List<String> ids);

    /** Calls the CRM with the connector's credentials; returns what it answered, in a few words. */
    String testConnection(ConnectorProperties connector);
}
