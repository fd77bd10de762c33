package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.PayoutCopies;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The portal's payouts of a period: CRM search on the mapped object, filtered by the period property, 100 a page. */
@Component
class HubSpotPayoutCopies implements PayoutCopies {

    private final HubSpotClients clients;
    private final ObjectMapper json;

    HubSpotPayoutCopies(HubSpotClients clients, ObjectMapper json) {
        this.clients = clients;
        this.json = json;
    }


    @Override
    public List<Copy> payouts(ConnectorProperties portal, Mapping mapping, String period) {
        String amount = property(mapping, "amount");
        String currency = property(mapping, "currency");
        String unique = HubSpotSettings.of(portal).uniqueProperty();
        List<Copy> copies = new ArrayList<>();
        String after = null;
        do {
            ObjectNode request = json.createObjectNode();
            request.putArray("filterGroups").addObject().putArray("filters").addObject()
                    .put("propertyName", property(mapping, "period")).put("operator", "EQ").put("value", period);
            request.putArray("properties").add(unique).add(amount).add(currency);
            request.put("limit", HubSpotReader.PAGE);
            if (after != null) {
                request.put("after", after);
            }
            JsonNode page = clients.of(portal).search(mapping.object(), request);
            for (JsonNode result : page.path("results")) {
                JsonNode properties = result.path("properties");
                copies.add(new Copy(result.path("id").asText(), text(properties, unique), decimal(properties.get(amount)), text(properties, currency), null));
            }
            after = page.path("paging").path("next").path("after").asText(null);
        } while (after != null);
        return copies;
    }

    private static String property(Mapping mapping, String canonical) {
        FieldMapping field = mapping.fields().get(canonical);
        return field == null || field.from() == null ? null : field.from().replaceFirst("^properties\\.", "");
    }

    private static String text(JsonNode properties, String name) {
        JsonNode value = properties.get(name);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static BigDecimal decimal(JsonNode value) {
        return value == null || value.isNull() || value.asText().isBlank() ? null : new BigDecimal(value.asText());
    }
}
