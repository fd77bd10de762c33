package io.partnersync.web;

import io.partnersync.connection.StoredConnections;
import io.partnersync.connection.StoredConnections.Connection;
import io.partnersync.security.Actors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admin API for partners' connections kept in the store: create, change, remove, without a
 * restart. The body is a connector as the configuration file declares it (kebab-case keys:
 * {@code type}, {@code partner}, {@code entities}, {@code base-url}, the kind's block, ...) plus
 * {@code secrets}, the connection's secrets by purpose, which are kept encrypted and never answered
 * back (only their names). Changes need ADMIN; reading needs VIEWER. Every change is audited.
 */
@RestController
@RequestMapping("/api/connections")
class ConnectionsController {

    private final StoredConnections connections;

    ConnectionsController(StoredConnections connections) {
        this.connections = connections;
    }

    /** Every stored connection, removed ones too (state {@code removed}). */
    @GetMapping
    List<Connection> list() {
        return connections.list();
    }

    @GetMapping("/{name}")
    Connection get(@PathVariable String name) {
        return connections.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no connection named '" + name + "'"));
    }

    /** A new connection named {@code name} in the body; answered 201, working on every instance within seconds. */
    @PostMapping
    ResponseEntity<Connection> create(@RequestBody Map<String, Object> body) {
        Map<String, Object> definition = new LinkedHashMap<>(body);
        Object name = definition.remove("name");
        if (!(name instanceof String text)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "key 'name': expected the connection's name (lower-case letters, digits and '-')");
        }
        Map<String, String> secrets = secrets(definition);
        try {
            return ResponseEntity.status(HttpStatus.CREATED).body(connections.create(text, definition, secrets, Actors.current("admin")));
        } catch (StoredConnections.Refused e) {
            throw refused(e);
        }
    }

    /** Replaces the connection's settings; secrets not given are kept. */
    @PutMapping("/{name}")
    Connection change(@PathVariable String name, @RequestBody Map<String, Object> body) {
        Map<String, Object> definition = new LinkedHashMap<>(body);
        Object named = definition.remove("name");
        if (named != null && !name.equals(named)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "key 'name': expected '" + name + "' as in the path, or nothing (a connection is not renamed)");
        }
        Map<String, String> secrets = secrets(definition);
        try {
            return connections.change(name, definition, secrets, Actors.current("admin"));
        } catch (StoredConnections.Refused e) {
            throw refused(e);
        }
    }

    /** Stops the connection's work everywhere; its history stays, nothing is deleted in its CRM. */
    @DeleteMapping("/{name}")
    Connection remove(@PathVariable String name) {
        try {
            return connections.remove(name, Actors.current("admin"));
        } catch (StoredConnections.Refused e) {
            throw refused(e);
        }
    }

    private static Map<String, String> secrets(Map<String, Object> definition) {
        Object secrets = definition.remove("secrets");
        if (secrets == null) {
            return Map.of();
        }
        if (!(secrets instanceof Map<?, ?> map) || map.values().stream().anyMatch(v -> !(v instanceof String s) || s.isBlank())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "key 'secrets': expected an object of non-empty strings by purpose, e.g. {\"token\": \"...\"}");
        }
        Map<String, String> given = new LinkedHashMap<>();
        map.forEach((k, v) -> given.put(String.valueOf(k), (String) v));
        return given;
    }

    private static ResponseStatusException refused(StoredConnections.Refused e) {
        return new ResponseStatusException(e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
