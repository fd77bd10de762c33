package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.PayoutCopies;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The org's payouts of a period: one SOQL query on the mapped object (following nextRecordsUrl), by the mapping's field names. */
@Component
class SalesforcePayoutCopies implements PayoutCopies {

    private final SalesforceApi api;

    SalesforcePayoutCopies(SalesforceApi api) {
        this.api = api;
    }


    @Override
    public List<Copy> payouts(ConnectorProperties connector, Mapping mapping, String period) {
        if (!PERIOD.matcher(period).matches()) { // the period goes into the SOQL: nothing else may
            throw new IllegalArgumentException("a period is 2026-Q4 or 2026-11, not '" + period + "'");
        }
        String amount = field(mapping, "amount");
        String currency = field(mapping, "currency");
        String partner = field(mapping, "partnerId");
        String key = SalesforceSettings.of(connector).upsertKey();
        String soql = "SELECT " + mapping.idPath() + ", " + key + ", " + amount + ", " + currency + (partner == null ? "" : ", " + partner)
                + " FROM " + mapping.object() + " WHERE " + field(mapping, "period") + " = '" + period + "'"
                + (mapping.deletedPath() == null ? "" : " AND " + mapping.deletedPath() + " = false");
        List<Copy> copies = new ArrayList<>();
        JsonNode page = api.get(connector, api.versionPath(connector) + "query/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), Map.of());
        while (true) {
            for (JsonNode record : page.path("records")) {
                copies.add(new Copy(record.path(mapping.idPath()).asText(), text(record, key), decimal(record.get(amount)), text(record, currency),
                        partner == null ? null : text(record, partner)));
            }
            String next = page.path("nextRecordsUrl").asText(null);
            if (page.path("done").asBoolean(true) || next == null) {
                return copies;
            }
            page = api.get(connector, next, Map.of());
        }
    }

    private static String field(Mapping mapping, String canonical) {
        FieldMapping field = mapping.fields().get(canonical);
        return field == null ? null : field.from();
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static BigDecimal decimal(JsonNode value) {
        return value == null || value.isNull() ? null : new BigDecimal(value.asText());
    }
}
