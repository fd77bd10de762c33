package io.partnersync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Mapping files")
class MappingLoaderTest {

    private static final String VALID = """
            crm: hubspot
            entity: deal
            object: deals
            id: id
            modified: properties.hs_lastmodifieddate
            fields:
              name:
                from: properties.dealname
              amount:
                from: properties.amount
              stage:
                from: properties.dealstage
                lookup: { closedwon: CLOSED_WON }
                default: PROSPECTING
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("every file shipped in mappings/ is valid")
    void shippedMappingsLoad() {
        List<MappingLoader.MappingFile> files = MappingLoader.readAll(Path.of("mappings"));
        assertThat(files).extracting(f -> f.crm() + "/" + f.entity().key())
                .contains("salesforce/deal", "salesforce/partner", "hubspot/deal", "hubspot/lead");
        files.forEach(f -> assertThat(MappingLoader.merge(f, null).fields()).isNotEmpty());
    }

    @Test
    @DisplayName("the schema offers exactly the converters implemented in Java")
    void schemaConvertersMatchJava() throws IOException {
        var schema = new ObjectMapper().readTree(getClass().getResourceAsStream("/partnersync/mapping.schema.json"));
        List<String> inSchema = new ArrayList<>();
        schema.at("/$defs/field/properties/converter/enum").forEach(n -> inSchema.add(n.asText()));
        assertThat(inSchema).containsExactlyInAnyOrderElementsOf(Converter.keys());
        List<String> rules = new ArrayList<>();
        schema.at("/$defs/field/properties/sync/enum").forEach(n -> rules.add(n.asText()));
        assertThat(rules).containsExactlyInAnyOrderElementsOf(SyncRule.keys());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad YAML                     | 'from: properties.amount'  | 'from: [properties.amount'       | ''                          | valid YAML (line",
            "unknown converter            | '    from: properties.amount' | '    from: properties.amount\n    converter: money' | fields.amount.converter | 'expected one of [trim, lowercase, uppercase'",
            "unknown sync rule            | '    from: properties.amount' | '    from: properties.amount\n    sync: sometimes' | fields.amount.sync | 'was \"sometimes\"'",
            "missing required key         | 'entity: deal\n' | '' | entity | required property 'entity' not found",
            "missing id                   | 'id: id\n' | '' | id | path of the record id",
            "field without a source       | '    from: properties.amount' | '    converter: trim' | fields.amount.from | '''from'' (the source field path) or ''default'''",
            "field not in canonical model | '  amount:' | '  colour:' | fields.colour | a field of deal, one of [name, partnerId",
            "lookup value not canonical   | 'closedwon: CLOSED_WON' | 'closedwon: WON' | fields.stage.lookup.closedwon | '''WON'' is not one of [PROSPECTING'",
            "misspelled key               | 'fields:' | 'feilds:' | '' | '''feilds'' is not defined in the schema'",
            "wrong type of value          | 'lookup: { closedwon: CLOSED_WON }' | 'lookup: [closedwon]' | fields.stage.lookup | object expected",
    })
    @DisplayName("a mistake is refused with a message naming the file and the key")
    void mistakeNamesFileAndKey(String mistake, String replace, String with, String key, String expected) throws IOException {
        Path file = write("hubspot/deal.yaml", VALID.replace(replace.translateEscapes(), with.translateEscapes()));

        assertThatThrownBy(() -> MappingLoader.readAll(dir))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.source()).isEqualTo(file.toString());
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).contains(file.toString()).contains(expected);
                });
    }

    @Test
    @DisplayName("a file outside its CRM's folder is refused")
    void wrongFolder() throws IOException {
        Path file = write("salesforce/deal.yaml", VALID);
        assertThatThrownBy(() -> MappingLoader.readAll(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("key 'crm'");
    }

    @Test
    @DisplayName("a connector override replaces fields of the base file and keeps the rest")
    void override() throws IOException {
        write("hubspot/deal.yaml", VALID);
        write("hubspot/deal.acme-hubspot.yaml", """
                crm: hubspot
                entity: deal
                object: 2-999
                fields:
                  amount:
                    from: properties.acme_amount
                  product:
                    from: properties.acme_product
                """);
        List<MappingLoader.MappingFile> files = MappingLoader.readAll(dir);
        MappingLoader.MappingFile base = files.stream().filter(f -> f.connector() == null).findFirst().orElseThrow();
        MappingLoader.MappingFile override = files.stream().filter(f -> f.connector() != null).findFirst().orElseThrow();

        Mapping merged = MappingLoader.merge(base, override);

        assertThat(merged.entity()).isEqualTo(EntityType.DEAL);
        assertThat(merged.object()).isEqualTo("2-999");
        assertThat(merged.idPath()).isEqualTo("id");
        assertThat(merged.fields().get("amount").from()).isEqualTo("properties.acme_amount");
        assertThat(merged.fields().get("name").from()).isEqualTo("properties.dealname");
        assertThat(merged.fields()).containsKey("product");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
