package io.partnersync.canonical;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.google.common.net.InternetDomainName;

/**
 * The key that recognizes one end customer across registrations: {@code domain:contoso.com} when a
 * web domain is known (normalized by {@link Domains#normalize}), otherwise {@code name:contoso},
 * the company name lower-case, without accents, punctuation, legal form or a leading "the", so that
 * "Contoso Inc.", "CONTOSO, Ltd", "Contoso GmbH &amp; Co. KG" and "The Contoso Company" are one customer.
 * Duplicate detection and the company a partner's deals are linked to both go by it. Pure and
 * thread-safe.
 */
public final class CustomerKey {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern ELIDED = Pattern.compile("[.'\u2019`]");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Map<String, String> UNDECOMPOSED = Map.of("\u00df", "ss", "\u00e6", "ae", "\u00f8", "o", "\u0153", "oe",
            "\u0142", "l", "\u0111", "d", "\u0131", "i");
    private static final List<List<String>> LEGAL_FORMS = Stream.of(
            "inc", "incorporated", "corp", "corporation", "co", "cos", "company", "llc", "llp", "lp", "ltd", "limited", "plc",
            "gmbh", "mbh", "ag", "kg", "kgaa", "ug", "se", "sa", "sas", "sarl", "sca", "spa", "srl", "sl", "bv", "nv", "cv",
            "pty", "pte", "oy", "oyj", "ab", "as", "asa", "aps", "kk", "gk", "ltda", "lda", "sro", "bhd", "sdn", "pvt",
            "a s", "sp z oo", "s de rl", "s de cv").map(form -> List.of(form.split(" "))).toList();

    private CustomerKey() {
    }

    /**
     * The customer's key, {@code null} when there is neither a domain nor a usable name.
     *
     * @throws IllegalArgumentException when {@code domain} is not blank and not a web domain
     */
    public static String of(String domain, String name) {
        String host = registrable(Domains.normalize(domain));
        if (host != null) {
            return "domain:" + host;
        }
        String company = companyName(name);
        return company == null ? null : "name:" + company;
    }

    /**
     * Every key the customer is known by: the domain key and the name key, each when present. Index a
     * registration under all of them and look up by all of them, so that a deal that only has the
     * company name still finds one registered with domain and name.
     */
    public static List<String> all(String domain, String name) {
        List<String> keys = new ArrayList<>(2);
        String host = registrable(Domains.normalize(domain));
        if (host != null) {
            keys.add("domain:" + host);
        }
        String company = companyName(name);
        if (company != null) {
            keys.add("name:" + company);
        }
        return List.copyOf(keys);
    }

    /** The normalized company name, {@code null} when nothing is left. A name is never reduced to nothing by suffix removal. */
    static String companyName(String name) {
        if (name == null) {
            return null;
        }
        String text = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        text = MARKS.matcher(text).replaceAll("");
        for (Map.Entry<String, String> letter : UNDECOMPOSED.entrySet()) {
            text = text.replace(letter.getKey(), letter.getValue());
        }
        text = SEPARATORS.matcher(ELIDED.matcher(text).replaceAll("")).replaceAll(" ").trim();
        List<String> words = new ArrayList<>(List.of(text.split(" ")));
        words.removeIf(word -> word.isEmpty() || word.equals("and") && words.size() > 1);
        if (words.size() > 1 && words.get(0).equals("the")) {
            words.remove(0);
        }
        stripLegalForms(words);
        return words.isEmpty() ? null : String.join(" ", words);
    }

    private static void stripLegalForms(List<String> words) {
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (List<String> form : LEGAL_FORMS) {
                int start = words.size() - form.size();
                if (start > 0 && words.subList(start, words.size()).equals(form)) {
                    words.subList(start, words.size()).clear();
                    stripped = true;
                    break;
                }
            }
        }
    }

    /**
     * The registrable domain of a host by the Public Suffix List (https://publicsuffix.org, as
     * shipped with Guava): {@code eu.contoso.com} is {@code contoso.com}, while {@code contoso.co.uk}
     * stays itself and is another customer than {@code contoso.com}. A host under no known suffix
     * (an intranet name, an IP address) is kept as it is.
     */
    static String registrable(String host) {
        if (host == null || !InternetDomainName.isValid(host)) {
            return host;
        }
        var name = InternetDomainName.from(host);
        return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : host;
    }
}
