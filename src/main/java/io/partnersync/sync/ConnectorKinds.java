package io.partnersync.sync;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.sync.spi.ConnectorKind;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The registered connector kinds, by key: every bean implementing {@link ConnectorKind}. The
 * configuration check has already refused a connector whose type names no kind, so {@link #of}
 * finds one for every configured connector. Immutable, thread-safe.
 */
@Component
public class ConnectorKinds {

    private final Map<String, ConnectorKind<?>> byKey = new TreeMap<>();

    public ConnectorKinds(List<ConnectorKind<?>> kinds) {
        for (ConnectorKind<?> kind : kinds) {
            ConnectorKind<?> earlier = byKey.putIfAbsent(kind.key(), kind);
            if (earlier != null) {
                throw new IllegalStateException("two connector kinds have the key '" + kind.key() + "': " + earlier.getClass().getName()
                        + " and " + kind.getClass().getName());
            }
        }
    }

    /** The kind of {@code connector}. */
    public ConnectorKind<?> of(ConnectorProperties connector) {
        ConnectorKind<?> kind = byKey.get(connector.type());
        if (kind == null) {
            throw new IllegalStateException("connector '" + connector.name() + "' is of type '" + connector.type() + "', which no registered kind has ("
                    + String.join(", ", byKey.keySet()) + ")");
        }
        return kind;
    }

    public Optional<ConnectorKind<?>> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Collection<ConnectorKind<?>> all() {
        return byKey.values();
    }

    /** See {@link ConnectorKind#ownIdPath}. */
    public String ownIdPath(ConnectorProperties connector) {
        return ownIdPath(of(connector), connector);
    }

    /** See {@link ConnectorKind#lookBack}. */
    public Duration lookBack(ConnectorProperties connector) {
        return lookBack(of(connector), connector);
    }

    private static <S> String ownIdPath(ConnectorKind<S> kind, ConnectorProperties connector) {
        return kind.ownIdPath(connector.settings(kind.settingsType()));
    }

    private static <S> Duration lookBack(ConnectorKind<S> kind, ConnectorProperties connector) {
        return kind.lookBack(connector.settings(kind.settingsType()));
    }
}
