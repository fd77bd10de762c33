package io.partnersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.connector.SchemaCheck.Kind;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingLoader;
import io.partnersync.support.SalesforceFake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate --online} against a fake Salesforce org (describe) and a fake HubSpot portal
 * (properties API), each set up the way the README's field tables say, built from the shipped
 * mappings; then with one field missing, one of the wrong type, one option missing: each named.
 */
@DisplayName("validate --online")
class OnlineValidateIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final SalesforceFake ORG = new SalesforceFake().start();
    static final WireMockServer PORTAL = new WireMockServer(options().dynamicPort());

    static {
        PORTAL.start();
    }

    @AfterAll
    static void stop() {
        ORG.server().stop();
        PORTAL.stop();
    }

    @TempDir
    Path dir;

    private String output;

    @BeforeEach
    void reset() {
        ORG.reset();
        PORTAL.resetAll();
    }

    @Test
    @DisplayName("an org and a portal set up as the README says: no problem, exit 0")
    void setUpAsDocumented() throws Exception {
        serveOrg(fields -> { });
        servePortal(properties -> { });

        assertThat(validate()).as(output).isZero();
        assertThat(output).contains("asking each CRM").endsWith("Configuration is valid." + System.lineSeparator());
    }

    @Test
    @DisplayName("a missing field, a field of the wrong type, a missing picklist value and a unique property that is not unique: each named, exit 1")
    void whatToCreate() throws Exception {
        serveOrg(objects -> {
            objects.get("Opportunity").remove("Registration_Reason__c");
            objects.get("Opportunity").get("Amount").put("type", "string");
            ArrayNode values = (ArrayNode) objects.get("Opportunity").get("Registration_Status__c").get("picklistValues");
            values.remove(values.size() - 1);
        });
        servePortal(objects -> {
            objects.get("deals").remove("partnersync_registration_reason");
            objects.get("deals").get("partnersync_id").put("hasUniqueValue", false);
        });

        assertThat(validate()).as(output).isEqualTo(1);

        assertThat(output)
                .contains("vendor-sf (Salesforce Opportunity): key 'Registration_Reason__c': expected a Text field Registration_Reason__c on Opportunity")
                .contains("vendor-sf (Salesforce Opportunity): key 'Amount': expected a Number or Currency field, Amount is of type string")
                .contains("vendor-sf (Salesforce Opportunity): key 'Registration_Status__c': expected the picklist values")
                .contains("acme-hubspot (HubSpot deals): key 'partnersync_registration_reason': expected a single-line text property 'partnersync_registration_reason'")
                .contains("acme-hubspot (HubSpot deals): key 'partnersync_id': expected 'partnersync_id' to require unique values")
                .contains("5 problems found");
    }

    @Test
    @DisplayName("credentials the portal refuses: one problem saying so")
    void refusedCredentials() throws Exception {
        serveOrg(fields -> { });
        PORTAL.stubFor(get(urlPathEqualTo("/crm/v3/properties/deals")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"Authentication credentials not found.\",\"category\":\"INVALID_AUTHENTICATION\"}")));

        assertThat(validate()).isEqualTo(1);
        assertThat(output).contains("acme-hubspot: key 'deals': expected to read the portal's deals properties: HubSpot portal acme-hubspot answered 401")
                .doesNotContain("pat-test-acme");
    }

    private int validate() throws Exception {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: vendor-sf
                      type: salesforce
                      role: vendor
                      base-url: %s
                      local-sandbox: true
                      secret-env: { client-id: ONLINE_SF_ID, client-secret: ONLINE_SF_SECRET }
                      entities: [partner, deal]
                    - name: acme-hubspot
                      type: hubspot
                      role: partner
                      partner: acme
                      base-url: %s
                      local-sandbox: true
                      hubspot: { associate: false }
                      secret-env: { token: ONLINE_ACME_TOKEN }
                      entities: [deal]
                """.formatted(ORG.url(), PORTAL.baseUrl()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(new String[] {"--online", "--spring.config.import=file:" + config, "--ONLINE_SF_ID=3MVG9-online",
                "--ONLINE_SF_SECRET=online-secret", "--ONLINE_ACME_TOKEN=pat-test-acme"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        output = bytes.toString(StandardCharsets.UTF_8);
        return exit;
    }

    private static Mapping mapping(String crm, String entity) {
        return MappingLoader.readAll(Path.of("mappings")).stream().filter(f -> f.crm().equals(crm) && f.entity().key().equals(entity) && f.connector() == null)
                .map(f -> MappingLoader.merge(f, null)).findFirst().orElseThrow();
    }

    /** Describes of the objects the partner and deal mappings use, each field typed as the README's table says; then {@code change}. */
    private void serveOrg(Consumer<Map<String, Map<String, ObjectNode>>> change) throws Exception {
        Map<String, Map<String, ObjectNode>> objects = new LinkedHashMap<>();
        for (String entity : List.of("partner", "deal")) {
            Mapping mapping = mapping("salesforce", entity);
            Map<String, ObjectNode> fields = objects.computeIfAbsent(mapping.object(), o -> new LinkedHashMap<>());
            fields.put("PartnerSync_Id__c", field("PartnerSync_Id__c", "string").put("externalId", true));
            fields.putIfAbsent(mapping.idPath(), field(mapping.idPath(), "id"));
            fields.putIfAbsent(mapping.modifiedPath(), field(mapping.modifiedPath(), "datetime"));
            for (FieldMapping f : mapping.fields().values()) {
                if (f.from() == null) {
                    continue;
                }
                String type = salesforceType(Kind.of(mapping, f), f);
                if (f.from().contains(".")) {
                    String relationship = f.from().substring(0, f.from().indexOf('.'));
                    fields.putIfAbsent(relationship + "Id", field(relationship + "Id", "reference").put("relationshipName", relationship));
                    ((ObjectNode) fields.get(relationship + "Id")).putArray("referenceTo").add(relationship);
                    String name = f.from().substring(f.from().indexOf('.') + 1);
                    objects.computeIfAbsent(relationship, o -> new LinkedHashMap<>()).put(name, picklist(field(name, type), f));
                } else {
                    fields.put(f.from(), picklist(field(f.from(), type), f));
                }
            }
        }
        change.accept(objects);
        for (var object : objects.entrySet()) {
            ObjectNode describe = JSON.createObjectNode().put("name", object.getKey());
            describe.putArray("fields").addAll(object.getValue().values());
            ORG.server().stubFor(get(urlPathEqualTo("/services/data/v62.0/sobjects/" + object.getKey() + "/describe/"))
                    .willReturn(SalesforceFake.json(200, JSON.convertValue(describe, Map.class))));
        }
    }

    /** The properties of deals as the README's table says; then {@code change}. */
    private void servePortal(Consumer<Map<String, Map<String, ObjectNode>>> change) {
        Mapping mapping = mapping("hubspot", "deal");
        Map<String, ObjectNode> properties = new LinkedHashMap<>();
        properties.put("partnersync_id", JSON.createObjectNode().put("name", "partnersync_id").put("type", "string").put("hasUniqueValue", true));
        properties.put(mapping.modifiedPath().replace("properties.", ""), JSON.createObjectNode().put("name", "hs_lastmodifieddate").put("type", "datetime"));
        for (FieldMapping f : mapping.fields().values()) {
            if (f.from() == null || !f.from().startsWith("properties.")) {
                continue;
            }
            String name = f.from().substring("properties.".length());
            Kind kind = Kind.of(mapping, f);
            String type = switch (kind) {
                case NUMBER -> "number";
                case DATE -> "date";
                case DATETIME -> "datetime";
                case BOOLEAN -> "bool";
                default -> f.lookup().isEmpty() ? "string" : "enumeration";
            };
            ObjectNode property = JSON.createObjectNode().put("name", name).put("type", type);
            ArrayNode options = property.putArray("options");
            f.lookup().keySet().forEach(value -> options.addObject().put("label", value).put("value", value));
            properties.put(name, property);
        }
        Map<String, Map<String, ObjectNode>> objects = new HashMap<>(Map.of("deals", properties));
        change.accept(objects);
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("results").addAll(objects.get("deals").values());
        PORTAL.stubFor(get(urlPathEqualTo("/crm/v3/properties/deals")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer.toString())));
    }

    private static String salesforceType(Kind kind, FieldMapping field) {
        return switch (kind) {
            case NUMBER -> "currency";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case BOOLEAN -> "boolean";
            case LIST -> "multipicklist";
            case REFERENCE -> "reference";
            case TEXT -> field.lookup().isEmpty() ? "string" : "picklist";
        };
    }

    private static ObjectNode field(String name, String type) {
        ObjectNode field = JSON.createObjectNode().put("name", name).put("type", type).put("externalId", false);
        field.putArray("picklistValues");
        return field;
    }

    private static ObjectNode picklist(ObjectNode field, FieldMapping mapping) {
        ArrayNode values = (ArrayNode) field.get("picklistValues");
        mapping.lookup().keySet().forEach(value -> values.addObject().put("value", value).put("active", true));
        return field;
    }
}
