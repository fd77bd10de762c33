package io.partnersync.registration.policy;

import io.partnersync.canonical.Partner.PartnerTier;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** How values appear in reasons a sales rep reads. */
final class Words {

    private Words() {
    }

    /** {@code 50000 EUR}; no currency when the registration has none. */
    static String money(BigDecimal amount, String currency) {
        String number = amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
        return currency == null ? number : number + " " + currency;
    }

    /** {@code Gold}. */
    static String tier(PartnerTier tier) {
        String name = tier.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** {@code pending review}. */
    static String status(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String and(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static String partner(String name) {
        return name == null || name.isBlank() ? "another partner" : name;
    }
}
