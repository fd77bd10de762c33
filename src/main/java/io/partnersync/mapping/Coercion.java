package io.partnersync.mapping;

import java.util.regex.Pattern;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.time.LocalDateTime;
import java.util.Map;

/** Turns a CRM value (string, number, boolean, list) into the Java type of a canonical field. */
final class Coercion {

    /**
     * Some CRMs write offsets without a colon ({@code 2021-03-01T12:34:56.000+0000}), others
     * ISO-8601 with {@code Z}. This accepts both.
     */
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{10,}");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Coercion() {
    }

    /** @throws IllegalArgumentException with a message that says what was expected */
    static Object to(Class<?> type, Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?> && !List.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("expected a single value, was " + (value instanceof Map<?, ?> ? "an object" : "a list"));
        }
        if (value instanceof String text && text.indexOf('\u0000') >= 0) {
            value = text.replace("\u0000", ""); // NUL never means anything in CRM text, and PostgreSQL text cannot hold it
        }
        if (value == null || type.isInstance(value) && !(value instanceof Collection<?>) && !(value instanceof BigDecimal)) {
            return value;
        }
        if (type == String.class) {
            return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        }
        if (type == Boolean.class) {
            return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "1" -> Boolean.TRUE;
                case "false", "no", "n", "0" -> Boolean.FALSE;
                case "" -> null;
                default -> throw new IllegalArgumentException("expected true or false, was '" + value + "'");
            };
        }
        if (type == Integer.class) {
            return value instanceof Number n ? Integer.valueOf(new BigDecimal(n.toString()).intValueExact()) : Integer.valueOf(value.toString().trim());
        }
        if (type == BigDecimal.class) {
            return decimal(value);
        }
        if (type == Instant.class) {
            return instant(value);
        }
        if (type == LocalDate.class) {
            return date(value);
        }
        if (type == UUID.class) {
            return UUID.fromString(value.toString().trim());
        }
        if (type.isEnum()) {
            return enumValue(type, value.toString());
        }
        if (List.class.isAssignableFrom(type)) {
            return value instanceof Collection<?> c ? c.stream().map(v -> v.toString().replace("\u0000", "")).toList() : List.of(value.toString().trim());
        }
        throw new IllegalArgumentException("no coercion to " + type.getSimpleName());
    }

    /** The store keeps decimals as numeric(19, 4): a value that does not fit is refused, never rounded. */
    static final int SCALE = 4;
    static final int INTEGER_DIGITS = 15;

    private static BigDecimal decimal(Object value) {
        BigDecimal decimal;
        try {
            decimal = value instanceof BigDecimal d ? d : new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
        BigDecimal plain = decimal.stripTrailingZeros();
        if (plain.scale() > SCALE) {
            throw new IllegalArgumentException("has more than " + SCALE + " decimal places; it would be rounded");
        }
        if (plain.precision() - plain.scale() > INTEGER_DIGITS) {
            throw new IllegalArgumentException("is too large (at most " + INTEGER_DIGITS + " digits before the decimal point)");
        }
        return decimal;
    }

    static Instant instant(Object value) {
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        String text = value.toString().trim();
        if (EPOCH_MILLIS.matcher(text).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            var parsed = OFFSET_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime odt ? odt.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date-time (expected ISO-8601 or epoch milliseconds)");
        }
    }

    private static LocalDate date(Object value) {
        String text = value.toString().trim();
        if (ISO_DATE.matcher(text).matches()) {
            return LocalDate.parse(text);
        }
        return LocalDate.ofInstant(instant(value), ZoneOffset.UTC);
    }

    private static Object enumValue(Class<?> type, String value) {
        String name = value.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        return Arrays.stream(type.getEnumConstants())
                .filter(c -> ((Enum<?>) c).name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not one of "
                        + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList()));
    }
}
