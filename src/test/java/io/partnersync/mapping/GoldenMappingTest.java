package io.partnersync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every {@code src/test/resources/golden/<crm>/<entity>/<case>.input.json} is read
 * through the shipped {@code mappings/<crm>/<entity>.yaml} and must give {@code <case>.expected.json}.
 */
@DisplayName("Golden mapping files")
class GoldenMappingTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    /** Reads CRM payloads as the connectors do: decimals exactly, never through a double. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        Map<String, Mapping> mappings = new java.util.HashMap<>();
        for (MappingLoader.MappingFile file : MappingLoader.readAll(Path.of("mappings"))) {
            if (!file.isOverride()) {
                mappings.put(file.crm() + (file.role() == null ? "" : "/" + file.role()) + "/" + file.entity().key(), MappingLoader.merge(file, null));
            }
        }
        List<Path> inputs;
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            inputs = files.filter(f -> f.toString().endsWith(".input.json")).sorted().toList();
        }
        assertThat(inputs).as("golden cases found").isNotEmpty();
        return inputs.stream().map(input -> {
            Path relative = GOLDEN.relativize(input);
            // golden/<crm>/<entity>/ for a CRM's files of every role, golden/<crm>/<role>/<entity>/ for one role's
            boolean role = relative.getNameCount() == 4;
            String key = relative.getName(0) + "/" + relative.getName(1) + (role ? "/" + relative.getName(2) : "");
            Path expected = input.resolveSibling(input.getFileName().toString().replace(".input.json", ".expected.json"));
            return DynamicTest.dynamicTest(relative.toString(), () -> check(mappings.get(key), key, input, expected));
        });
    }

    private static void check(Mapping mapping, String key, Path input, Path expectedFile) throws IOException {
        assertThat(mapping).as("a mapping file mappings/" + key + ".yaml").isNotNull();
        assertThat(expectedFile).as("the expected file beside " + input).exists();
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = JSON.readValue(input.toFile(), Map.class);
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        if (expected.has("error")) {
            assertThatThrownBy(() -> RecordMapper.map(mapping, raw))
                    .isInstanceOf(RecordMappingException.class)
                    .hasMessageContaining(expected.get("error").asText());
            return;
        }
        MappedRecord mapped = RecordMapper.map(mapping, raw);
        JsonNode actual = JSON.readTree(JSON.writeValueAsString(Map.of(
                "externalId", mapped.externalId(),
                "modifiedAt", String.valueOf(mapped.modifiedAt()),
                "deleted", mapped.deleted(),
                "fields", mapped.fields(),
                "references", references(mapped))));
        assertThat(normalized(actual)).isEqualTo(normalized(expected));
    }

    private static Map<String, Object> references(MappedRecord mapped) {
        Map<String, Object> references = new java.util.TreeMap<>();
        mapped.references().forEach((field, ref) -> references.put(field, Map.of("type", ref.type().key(), "externalId", ref.externalId())));
        return references;
    }

    /** Numbers compare by value, so 750, 750.0 and 750.00 are the same amount. */
    private static JsonNode normalized(JsonNode node) {
        if (node.isNumber()) {
            return JsonNodeFactory.instance.numberNode(node.decimalValue().stripTrailingZeros());
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), normalized(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(normalized(n)));
            return copy;
        }
        return node;
    }
}
