package io.partnersync.payout.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount in one currency. Amounts in different currencies are never added: {@link #plus}
 * refuses. Rounding happens in one place only, {@link #rounded}, to the currency's minor unit
 * (2 digits for EUR and USD, 0 for JPY, 3 for KWD), with the configured rounding mode.
 */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("a currency is a three-letter ISO 4217 code, not '" + currency + "'");
        }
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    /** @throws IllegalArgumentException when the currencies differ: such amounts are never summed */
    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("amounts in " + currency + " and " + other.currency + " are never added together");
        }
        return new Money(amount.add(other.amount), currency);
    }

    public Money negated() {
        return new Money(amount.negate(), currency);
    }

    /** {@code percent} of this amount, exact (no rounding yet). */
    public Money percent(BigDecimal percent) {
        return new Money(amount.multiply(percent).movePointLeft(2), currency);
    }

    /** The amount at the currency's minor unit: the one rounding of a payout. */
    public Money rounded(RoundingMode mode) {
        return new Money(amount.setScale(minorDigits(currency), mode), currency);
    }

    /**
     * {@code amount} as a person reads it: at its currency's minor unit (2 digits for EUR, 0 for
     * JPY), a plain decimal, never {@code 2000.0000} or {@code 5E+1}; {@code null} stays {@code null}.
     */
    public static BigDecimal forPeople(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        return amount.setScale(currency == null ? 2 : minorDigits(currency.trim().toUpperCase(java.util.Locale.ROOT)), RoundingMode.HALF_EVEN);
    }

    public int signum() {
        return amount.signum();
    }

    static int minorDigits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    @Override
    public String toString() {
        return forPeople(amount, currency).toPlainString() + " " + currency;
    }
}
