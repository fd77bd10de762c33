package io.partnersync.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Web domains")
class DomainsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "example.com, example.com",
            "https://www.Example.com/about?x=1, example.com",
            "http://shop.example.co.uk:8080/, shop.example.co.uk",
            "WWW.EXAMPLE.COM., example.com",
            "sales@example.com, example.com",
    })
    @DisplayName("are normalized so that one customer is recognized in every spelling")
    void normalize(String input, String expected) {
        assertThat(Domains.normalize(input)).isEqualTo(expected);
    }

    @Test
    @DisplayName("blank means no domain")
    void blank() {
        assertThat(Domains.normalize("  ")).isNull();
    }

    @Test
    @DisplayName("a value that is not a domain is refused, naming the record field")
    void notADomain() {
        assertThatThrownBy(() -> new Account("Contoso", "not a domain", null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("domain")
                .hasMessageContaining("not a domain");
    }
}
