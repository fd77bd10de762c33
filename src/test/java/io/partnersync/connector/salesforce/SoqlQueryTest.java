package io.partnersync.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.SyncRule;
import io.partnersync.store.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Incremental SOQL")
class SoqlQueryTest {

    private static final Mapping DEALS;

    static {
        Map<String, FieldMapping> fields = new LinkedHashMap<>();
        fields.put("name", new FieldMapping("name", "Name", null, null, Map.of(), null, SyncRule.TWO_WAY_NEWEST_WINS));
        fields.put("customerName", new FieldMapping("customerName", "Account.Name", null, null, Map.of(), null, SyncRule.TWO_WAY_NEWEST_WINS));
        fields.put("product", new FieldMapping("product", "Secret__c", null, null, Map.of(), null, SyncRule.NEVER_SYNC));
        DEALS = new Mapping("test", "salesforce", EntityType.DEAL, "Opportunity", "Id", "SystemModstamp", "IsDeleted", fields);
    }

    @Test
    @DisplayName("reads every mapped path once, never a never-sync field, ordered by (SystemModstamp, Id)")
    void firstRead() {
        assertThat(SoqlQuery.incremental(DEALS, "IsClosed = false", null, null, Duration.ofMinutes(2)))
                .isEqualTo("SELECT Id, SystemModstamp, IsDeleted, Name, Account.Name FROM Opportunity WHERE (IsClosed = false)"
                        + " ORDER BY SystemModstamp, Id");
    }

    @Test
    @DisplayName("without look-back, resumes strictly after (SystemModstamp, Id), so a record sharing the stamp is not skipped")
    void strictCursor() {
        Checkpoint at = new Checkpoint(Instant.parse("2026-11-21T09:00:00Z"), "006A");
        assertThat(SoqlQuery.incremental(DEALS, null, at.cursorTimestamp(), at.cursorId(), Duration.ZERO))
                .endsWith("FROM Opportunity WHERE (SystemModstamp > 2026-11-21T09:00:00.000Z OR (SystemModstamp = 2026-11-21T09:00:00.000Z"
                        + " AND Id > '006A')) ORDER BY SystemModstamp, Id");
    }

    @Test
    @DisplayName("with look-back, starts that much before the checkpoint")
    void lookBack() {
        Checkpoint at = new Checkpoint(Instant.parse("2026-11-21T09:00:00Z"), "006A");
        assertThat(SoqlQuery.incremental(DEALS, "IsClosed = false", at.cursorTimestamp(), at.cursorId(), Duration.ofMinutes(5)))
                .contains("WHERE (IsClosed = false) AND SystemModstamp >= 2026-11-21T08:55:00.000Z ORDER BY");
    }

    @Test
    @DisplayName("change event channels follow Salesforce's naming for standard and custom objects")
    void changeEventChannels() {
        assertThat(SalesforceChangeEventRoutes.channel("Opportunity")).isEqualTo("/data/OpportunityChangeEvent");
        assertThat(SalesforceChangeEventRoutes.channel("Partner_Payout__c")).isEqualTo("/data/Partner_Payout__ChangeEvent");
    }
}
