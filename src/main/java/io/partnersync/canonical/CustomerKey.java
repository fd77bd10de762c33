package io.partnersync.canonical;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One end customer, however partners spell it: {@code domain:<normalized web domain>} when a domain
 * is known, otherwise {@code name:<normalized company name>} (lower case, accents and punctuation
 * dropped, a leading "the" and trailing legal forms such as Inc, GmbH or Ltd removed), so that
 * "Contoso, Inc." and "CONTOSO GmbH" are the same customer. Duplicate detection and the company
 * a partner's deals are linked to both go by this key.
 */
public final class CustomerKey {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern PUNCTUATION = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final List<String> LEGAL_FORMS = List.of(
            "incorporated", "inc", "corporation", "corp", "company", "co", "limited", "ltd", "llc", "llp", "lp", "plc", "gmbh", "mbh",
            "ag", "kg", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "oy", "pty", "kk", "pte");

    private CustomerKey() {
    }

    /** The key, or {@code null} when neither a domain nor a usable name is given. */
    public static String of(String domain, String name) {
        String host = domain == null ? null : Domains.normalize(domain);
        if (host != null) {
            return "domain:" + host;
        }
        String normalized = name(name);
        return normalized == null ? null : "name:" + normalized;
    }

    /** The company name reduced to what identifies it, or {@code null} when nothing is left. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String plain = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        // "S.A." and "B.V." lose their dots first, so they are recognized as legal forms
        plain = plain.replaceAll("\\b(\\p{L})\\.(\\p{L})\\.", "$1$2");
        List<String> words = new java.util.ArrayList<>(List.of(PUNCTUATION.matcher(plain).replaceAll(" ").trim().split(" +")));
        if (words.size() > 1 && words.get(0).equals("the")) {
            words.remove(0);
        }
        while (words.size() > 1 && LEGAL_FORMS.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        String joined = String.join(" ", words);
        return joined.isBlank() ? null : joined;
    }
}
