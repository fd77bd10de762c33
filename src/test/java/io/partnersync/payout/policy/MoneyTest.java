package io.partnersync.payout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Money as people read it")
class MoneyTest {

    @ParameterizedTest(name = "{0} {1} reads {2}")
    @CsvSource({
            "2000.0000, EUR, 2000.00",
            "5E+1, EUR, 50.00",
            "1234.5, JPY, 1234",
            "0.1235, KWD, 0.124",
            "12.345, XYZ, 12.34",
    })
    @DisplayName("is a plain decimal at its currency's minor unit: never 2000.0000 or 5E+1")
    void plainAtTheMinorUnit(String amount, String currency, String reads) {
        assertThat(Money.forPeople(new BigDecimal(amount), currency).toPlainString()).isEqualTo(reads);
        assertThat(Money.forPeople(new BigDecimal(amount), currency).toString()).isEqualTo(reads);
        assertThat(new Money(new BigDecimal(amount), currency).toString()).isEqualTo(reads + " " + currency);
    }
}
