package io.partnersync.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Canonical records")
class CanonicalRecordsTest {

    @Test
    @DisplayName("a payout keeps its amount as an exact decimal and its currency upper-case")
    void payoutAmountExact() {
        Payout payout = new Payout(null, null, Payout.PayoutType.SPIFF, new BigDecimal("0.10"), "eur", null, null, "SP-1");
        assertThat(payout.amount()).isEqualByComparingTo("0.10");
        assertThat(payout.currency()).isEqualTo("EUR");
        assertThat(payout.status()).isEqualTo(Payout.PayoutStatus.CALCULATED);
    }

    @Test
    @DisplayName("a missing required field is refused with the field's name")
    void requiredField() {
        assertThatThrownBy(() -> new Payout(null, null, Payout.PayoutType.REBATE, null, "USD", null, null, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("amount: is required");
    }

    @Test
    @DisplayName("a currency that is not an ISO code is refused")
    void badCurrency() {
        assertThatThrownBy(() -> new Deal("D", null, null, null, null, BigDecimal.ONE, "euro", null, null, null, null, null, null, null))
                .hasMessageContaining("currency").hasMessageContaining("euro");
    }

    @Test
    @DisplayName("records round-trip through field maps unchanged")
    void roundTrip() {
        Deal deal = new Deal("Contoso", null, "Contoso Ltd", "https://contoso.com", "Firewall", new BigDecimal("10.5"), "usd",
                java.time.LocalDate.of(2027, 1, 31), Deal.DealStage.PROPOSAL, null, null, null, null, true);
        Map<String, Object> fields = CanonicalFields.toMap(deal);
        assertThat(fields).containsEntry("customerDomain", "contoso.com").containsEntry("registrationStatus", Deal.RegistrationStatus.NONE);
        assertThat(CanonicalFields.fromMap(EntityType.DEAL, fields)).isEqualTo(deal);
    }

    @Test
    @DisplayName("content hashes ignore key order and decimal scale, and see every value change")
    void contentHash() {
        Map<String, Object> a = new HashMap<>(Map.of("name", "X", "amount", new BigDecimal("100.00")));
        Map<String, Object> b = new HashMap<>(Map.of("amount", new BigDecimal("100"), "name", "X"));
        assertThat(ContentHash.of(a)).isEqualTo(ContentHash.of(b));
        b.put("amount", new BigDecimal("100.01"));
        assertThat(ContentHash.of(a)).isNotEqualTo(ContentHash.of(b));
        b.put("amount", new BigDecimal("100"));
        b.put("extra", null);
        assertThat(ContentHash.of(a)).as("an empty field counts as absent: a new optional field leaves stored hashes valid")
                .isEqualTo(ContentHash.of(b));
    }
}
