package io.partnersync.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The customer key")
class CustomerKeyTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({
            "contoso.com, domain:contoso.com",
            "https://www.contoso.com/, domain:contoso.com",
            "HTTP://WWW.CONTOSO.COM:443/about?x=1, domain:contoso.com",
            "contoso.com., domain:contoso.com",
            "eu.contoso.com, domain:contoso.com",
            "https://shop.eu.contoso.com/, domain:contoso.com",
            "contoso.co.uk, domain:contoso.co.uk",
            "eu.contoso.co.uk, domain:contoso.co.uk",
            "contoso.com.au, domain:contoso.com.au",
            "intranet.local, domain:intranet.local",
    })
    @DisplayName("is the registrable web domain when there is one (by the Public Suffix List), whatever the name: a sub-domain is the same customer, another country's domain is not")
    void domain(String domain, String key) {
        assertThat(CustomerKey.of(domain, "Something Else Ltd")).isEqualTo(key);
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Contoso                       | name:contoso
            Contoso Inc.                  | name:contoso
            contoso                       | name:contoso
            Contoso GmbH                  | name:contoso
            CONTOSO, Ltd                  | name:contoso
            The Contoso Company           | name:contoso
            Contoso Pty Ltd               | name:contoso
            Contoso Pty. Limited          | name:contoso
            Contoso S.A.                  | name:contoso
            Contoso SAS                   | name:contoso
            Contoso B.V.                  | name:contoso
            Contoso N.V.                  | name:contoso
            Contoso GmbH & Co. KG         | name:contoso
            Contoso Sp. z o.o.            | name:contoso
            Contoso Corporation, Inc.     | name:contoso
            Contoso LLC                   | name:contoso
            Contoso plc                   | name:contoso
            Contoso Oy                    | name:contoso
            Contoso AB                    | name:contoso
            Contoso S.p.A.                | name:contoso
            Contoso S.r.l.                | name:contoso
            Contoso K.K.                  | name:contoso
            '  Contoso    Pharma  Inc '   | name:contoso pharma
            Contoso-Pharma                | name:contoso pharma
            Société Générale S.A.         | name:societe generale
            Zürich Versicherung AG        | name:zurich versicherung
            Ørsted A/S                    | name:orsted
            Straße & Söhne GmbH           | name:strasse sohne
            Procter & Gamble Co.          | name:procter gamble
            Procter and Gamble Company    | name:procter gamble
            O'Reilly Media, Inc.          | name:oreilly media
            The Company                   | name:company
            Inc                           | name:inc
            Theater Inc                   | name:theater
            """)
    @DisplayName("is the company name without case, accents, punctuation, legal form or a leading 'the' when there is no domain")
    void name(String name, String key) {
        assertThat(CustomerKey.of(null, name)).isEqualTo(key);
    }

    @ParameterizedTest(name = "domain ''{0}'', name ''{1}''")
    @CsvSource({", ", "' ', ' '", ", '...'", ", '&'"})
    @DisplayName("is null without domain and without a usable name")
    void none(String domain, String name) {
        assertThat(CustomerKey.of(domain, name)).isNull();
        assertThat(CustomerKey.all(domain, name)).isEmpty();
    }

    @Test
    @DisplayName("lists the domain key and the name key, so registrations with and without domain find each other")
    void all() {
        assertThat(CustomerKey.all("www.contoso.com", "Contoso Inc.")).containsExactly("domain:contoso.com", "name:contoso");
        assertThat(CustomerKey.all(null, "Contoso Inc.")).containsExactly("name:contoso");
        assertThat(CustomerKey.all("contoso.com", null)).containsExactly("domain:contoso.com");
    }

    @Test
    @DisplayName("refuses a value that is not a web domain")
    void notADomain() {
        assertThatIllegalArgumentException().isThrownBy(() -> CustomerKey.of("not a domain", "Contoso")).withMessageContaining("not a domain");
    }
}
