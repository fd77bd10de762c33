package io.partnersync.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.Collections;

/**
 * Reads every {@code <crm>/<entity>.yaml} and {@code <crm>/<entity>.<connector>.yaml} below the
 * mappings folder, checks each against {@code mapping.schema.json} and the canonical model, and
 * refuses the first mistake with an {@link InvalidConfigurationException} naming file and key.
 */
public final class MappingLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema SCHEMA = loadSchema();

    private MappingLoader() {
    }

    /** A parsed file: the base mapping of a CRM entity, or a connector's override of it. */
    /** The folders below a CRM's that hold the mapping files of one connector role. */
    private static final List<String> ROLES = List.of("vendor", "partner");

    /**
     * @param role the connector role the file is for ({@code vendor} or {@code partner}, from its
     *     folder {@code <crm>/<role>/}); {@code null} for a file of every role ({@code <crm>/})
     * @param connector the connector an override is for ({@code <entity>.<connector>.yaml}); {@code null} for a base file
     */
    public record MappingFile(Path path, String crm, String role, EntityType entity, String connector, JsonNode tree) {

        boolean isOverride() {
            return connector != null;
        }
    }

    /** All mapping files below {@code dir}, validated one by one; overrides are not yet merged. */
    public static List<MappingFile> readAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidConfigurationException(dir.toString(), "partnersync.mappings-dir", "expected a folder of mapping files");
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            List<MappingFile> result = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted(Comparator.naturalOrder()).toList()) {
                result.add(read(dir, file));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every problem of the mapping files below {@code dir}, each as an {@link InvalidConfigurationException}
     * (file, key, expected): all schema errors of each file, or its first semantic one.
     */
    public static List<InvalidConfigurationException> problems(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of(new InvalidConfigurationException(dir.toString(), "partnersync.mappings-dir", "expected a folder of mapping files"));
        }
        List<InvalidConfigurationException> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                try {
                    JsonNode tree = parse(file);
                    List<ValidationMessage> errors = new ArrayList<>(SCHEMA.validate(tree));
                    errors.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
                    for (ValidationMessage error : errors) {
                        problems.add(new InvalidConfigurationException(file.toString(), keyOf(error), describe(error)));
                    }
                    if (errors.isEmpty()) {
                        read(dir, file);
                    }
                } catch (InvalidConfigurationException e) {
                    problems.add(e);
                }
            }
        } catch (IOException e) {
            problems.add(new InvalidConfigurationException(dir.toString(), "partnersync.mappings-dir", "expected a readable folder: " + e.getMessage()));
        }
        return problems;
    }

    static MappingFile read(Path dir, Path file) {
        String source = file.toString();
        JsonNode tree = parse(file);
        List<ValidationMessage> errors = new ArrayList<>(SCHEMA.validate(tree));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
            ValidationMessage first = errors.get(0);
            throw new InvalidConfigurationException(source, keyOf(first), describe(first));
        }
        String[] name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "").split("\\.", 2);
        String crm = tree.get("crm").asText();
        Path parent = file.getParent();
        String role = null;
        if (!parent.equals(dir) && ROLES.contains(parent.getFileName().toString()) && !parent.getParent().equals(dir)) {
            role = parent.getFileName().toString();
            parent = parent.getParent();
        }
        String folder = parent.equals(dir) ? "" : parent.getFileName().toString();
        if (!folder.equals(crm) || !parent.getParent().equals(dir) && !parent.equals(dir)) {
            throw new InvalidConfigurationException(source, "crm", "expected the file to be in the folder of its CRM, " + dir.resolve(crm)
                    + " (or, for one connector role only, " + dir.resolve(crm).resolve("partner") + " or " + dir.resolve(crm).resolve("vendor") + ")");
        }
        EntityType entity = EntityType.fromKey(tree.get("entity").asText()).orElseThrow();
        if (!name[0].equals(entity.key())) {
            throw new InvalidConfigurationException(source, "entity", "expected '" + name[0] + "' as the file name says, was '" + entity.key() + "'");
        }
        MappingFile mappingFile = new MappingFile(file, crm, role, entity, name.length > 1 ? name[1] : null, tree);
        if (!mappingFile.isOverride() && !tree.hasNonNull("id")) {
            throw new InvalidConfigurationException(source, "id", "expected the path of the record id in the CRM (for example 'id' or 'Id')");
        }
        tree.get("fields").fields().forEachRemaining(f -> checkField(source, entity, f.getKey(), f.getValue()));
        return mappingFile;
    }

    /** Builds the mapping of one connector: the base file with that connector's override applied. */
    public static Mapping merge(MappingFile base, MappingFile override) {
        Map<String, FieldMapping> fields = new LinkedHashMap<>();
        String source = base.path().toString();
        base.tree().get("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), toField(base.entity(), f.getKey(), f.getValue())));
        JsonNode top = base.tree();
        if (override != null) {
            source += " + " + override.path();
            override.tree().get("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), toField(base.entity(), f.getKey(), f.getValue())));
            ObjectNode merged = ((ObjectNode) base.tree()).deepCopy();
            override.tree().fields().forEachRemaining(e -> {
                if (!e.getKey().equals("fields")) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            top = merged;
        }
        return new Mapping(source, base.crm(), base.entity(), text(top, "object"), text(top, "id"),
                text(top, "modified"), text(top, "deleted"), Collections.unmodifiableMap(fields), archiveMarks(top));
    }

    private static Map<String, Object> archiveMarks(JsonNode top) {
        Map<String, Object> marks = new LinkedHashMap<>();
        top.path("archive").path("mark").fields().forEachRemaining(e -> marks.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return Collections.unmodifiableMap(marks);
    }

    private static void checkField(String source, EntityType entity, String target, JsonNode spec) {
        String key = "fields." + target;
        EntityType.FieldDef def = entity.field(target).orElseThrow(() -> new InvalidConfigurationException(source, key,
                "expected a field of " + entity.key() + ", one of " + entity.fields().stream().map(EntityType.FieldDef::name).toList()));
        boolean neverSync = "never-sync".equals(text(spec, "sync"));
        if (!neverSync && !spec.has("from") && !spec.has("default")) {
            throw new InvalidConfigurationException(source, key + ".from", "expected 'from' (the source field path) or 'default'");
        }
        if (spec.has("ref") && def.type() != UUID.class) {
            throw new InvalidConfigurationException(source, key + ".ref", "expected 'ref' only on a field that holds a record id");
        }
        if (spec.has("lookup")) {
            spec.get("lookup").fields().forEachRemaining(e -> checkValue(source, key + ".lookup." + e.getKey(), def, e.getValue().asText()));
        }
        if (spec.has("default")) {
            checkValue(source, key + ".default", def, spec.get("default").asText());
        }
    }

    private static void checkValue(String source, String key, EntityType.FieldDef def, String value) {
        if (def.isList() || def.type() == UUID.class) {
            return;
        }
        try {
            Coercion.to(def.type(), value);
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(source, key, "expected a value for " + def.name() + ": " + e.getMessage());
        }
    }

    private static FieldMapping toField(EntityType entity, String target, JsonNode spec) {
        Map<String, String> lookup = new LinkedHashMap<>();
        if (spec.has("lookup")) {
            spec.get("lookup").fields().forEachRemaining(e -> lookup.put(e.getKey(), e.getValue().asText()));
        }
        Object defaultValue = spec.has("default") ? spec.get("default").asText() : null;
        return new FieldMapping(
                target,
                text(spec, "from"),
                defaultValue,
                spec.has("converter") ? Converter.fromKey(spec.get("converter").asText()).orElseThrow() : null,
                Collections.unmodifiableMap(lookup),
                spec.has("ref") ? EntityType.fromKey(spec.get("ref").asText()).orElseThrow() : null,
                spec.has("sync") ? SyncRule.fromKey(spec.get("sync").asText()).orElseThrow() : SyncRule.TWO_WAY_NEWEST_WINS,
                "keep".equals(text(spec, "when-blank")), "empty".equals(text(spec, "unmatched")), text(spec, "placeholder"));
    }

    private static JsonNode parse(Path file) {
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw new InvalidConfigurationException(file.toString(), "", "expected a YAML mapping with the keys crm, entity, id, fields");
            }
            return tree;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw new InvalidConfigurationException(file.toString(), "", "expected valid YAML" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "$.fields.amount.converter" becomes "fields.amount.converter"; a missing property is named in full. */
    private static String keyOf(ValidationMessage message) {
        String location = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            return location.isEmpty() ? message.getProperty() : location + "." + message.getProperty();
        }
        return location;
    }

    private static String describe(ValidationMessage message) {
        String text = message.getMessage();
        String problem = text.startsWith("$") && text.contains(": ") ? text.substring(text.indexOf(": ") + 2) : text;
        JsonNode actual = message.getInstanceNode();
        return switch (message.getType()) {
            case "enum" -> "expected one of " + texts(message.getSchemaNode()) + ", was " + actual;
            case "type" -> problem + ", was " + actual;
            default -> problem;
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = MappingLoader.class.getResourceAsStream("/partnersync/mapping.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
