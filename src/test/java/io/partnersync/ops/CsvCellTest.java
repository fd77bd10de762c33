package io.partnersync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A CSV cell of the failure export")
class CsvCellTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "plain|\"plain\"",
            "say \"hi\", then|\"say \"\"hi\"\", then\"",
            "=HYPERLINK(\"http://evil\")|\"'=HYPERLINK(\"\"http://evil\"\")\"",
            "+1 call|\"'+1 call\"",
            "@SUM(A1)|\"'@SUM(A1)\""})
    @DisplayName("is quoted, and a formula a spreadsheet would run is defused")
    void quotedAndDefused(String value, String cell) {
        assertThat(FailuresController.cell(value)).isEqualTo(cell);
    }
}
