package io.partnersync.sandbox.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.LinkedHashMap;

/**
 * The part of SOQL that an incremental read uses, evaluated for real: {@code SELECT} fields
 * (relationship paths such as {@code Account.Name} included), {@code FROM}, a {@code WHERE} of
 * comparisons ({@code = != <> < <= > >=}, {@code IN (...)}) joined with {@code AND}, {@code OR},
 * {@code NOT} and parentheses, on datetime, string, number, boolean and null literals,
 * {@code ORDER BY} several fields with {@code ASC}/{@code DESC}, and {@code LIMIT}. Anything else
 * is refused, so a query the simulator does not understand fails loudly instead of answering wrongly.
 */
final class Soql {

    private static final Pattern SHAPE = Pattern.compile(
            "(?is)^\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)(?:\\s+WHERE\\s+(.+?))?(?:\\s+ORDER\\s+BY\\s+(.+?))?(?:\\s+LIMIT\\s+(\\d+))?\\s*$");
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:('(?:\\\\.|[^'\\\\])*')|(\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2}))|(<=|>=|!=|<>|=|<|>|\\(|\\)|,)|([A-Za-z_][\\w.]*)|(-?\\d+(?:\\.\\d+)?))");
    private static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

    final List<String> fields;
    final String object;
    final Predicate<Map<String, Object>> where;
    final Comparator<Map<String, Object>> order;
    final Integer limit;

    private Soql(List<String> fields, String object, Predicate<Map<String, Object>> where, Comparator<Map<String, Object>> order, Integer limit) {
        this.fields = fields;
        this.object = object;
        this.where = where;
        this.order = order;
        this.limit = limit;
    }

    static Soql parse(String soql) {
        Matcher shape = SHAPE.matcher(soql);
        if (!shape.matches()) {
            throw new IllegalArgumentException("MALFORMED_QUERY: " + soql);
        }
        List<String> fields = List.of(shape.group(1).trim().split("\\s*,\\s*"));
        Predicate<Map<String, Object>> where = shape.group(3) == null ? r -> true : new Parser(shape.group(3)).whole();
        Comparator<Map<String, Object>> order = (a, b) -> 0;
        if (shape.group(4) != null) {
            for (String term : shape.group(4).trim().split("\\s*,\\s*")) {
                String[] parts = term.split("\\s+");
                Comparator<Map<String, Object>> by = (a, b) -> compare(value(a, parts[0]), value(b, parts[0]));
                order = order.thenComparing(parts.length > 1 && parts[1].equalsIgnoreCase("DESC") ? by.reversed() : by);
            }
        }
        return new Soql(fields, shape.group(2), where, order, shape.group(5) == null ? null : Integer.valueOf(shape.group(5)));
    }

    /** The record with only the selected fields, nested relationships as Salesforce returns them. */
    @SuppressWarnings("unchecked")
    Map<String, Object> project(Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attributes", record.get("attributes"));
        for (String field : fields) {
            String[] path = field.split("\\.");
            Map<String, Object> into = out;
            Map<String, Object> from = record;
            for (int i = 0; i < path.length - 1 && from != null; i++) {
                Object next = from.get(path[i]);
                from = next instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
                if (from == null) {
                    into.put(path[i], null);
                    break;
                }
                Map<String, Object> nested = (Map<String, Object>) into.computeIfAbsent(path[i],
                        k -> new LinkedHashMap<>(Map.of("attributes", Map.of("type", path[0]))));
                into = nested;
            }
            if (from != null) {
                into.put(path[path.length - 1], from.get(path[path.length - 1]));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object value(Map<String, Object> record, String path) {
        Object current = record;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(part);
        }
        return current;
    }

    /** Salesforce's order: nulls first, datetimes as instants, numbers as numbers, anything else as text. */
    static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        if (a instanceof Number || b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return Boolean.compare(Boolean.parseBoolean(a.toString()), Boolean.parseBoolean(b.toString()));
        }
        return a.toString().compareTo(b.toString());
    }

    private static final ParsedTimes<Instant> TIMES = new ParsedTimes<>(Soql::parseInstant);

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        String text = value.toString();
        if (text.length() < 20 || text.charAt(10) != 'T') {
            return null;
        }
        return TIMES.of(text);
    }

    private static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text, MODSTAMP).toInstant();
        } catch (RuntimeException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    /** Recursive descent over the WHERE clause: or := and (OR and)*; and := not (AND not)*; not := NOT not | ( or ) | comparison. */
    private static final class Parser {
        private final List<String> tokens = new ArrayList<>();
        private int at;

        Parser(String text) {
            Matcher token = TOKEN.matcher(text);
            int end = 0;
            while (end < text.length() && token.find(end) && token.start() == end) {
                tokens.add(token.group().trim());
                end = token.end();
            }
            if (!text.substring(end).isBlank()) {
                throw new IllegalArgumentException("MALFORMED_QUERY: unexpected '" + text.substring(end) + "'");
            }
        }

        Predicate<Map<String, Object>> whole() {
            Predicate<Map<String, Object>> result = or();
            if (at != tokens.size()) {
                throw new IllegalArgumentException("MALFORMED_QUERY: unexpected '" + tokens.get(at) + "'");
            }
            return result;
        }

        private Predicate<Map<String, Object>> or() {
            Predicate<Map<String, Object>> left = and();
            while (accept("OR")) {
                left = left.or(and());
            }
            return left;
        }

        private Predicate<Map<String, Object>> and() {
            Predicate<Map<String, Object>> left = not();
            while (accept("AND")) {
                left = left.and(not());
            }
            return left;
        }

        private Predicate<Map<String, Object>> not() {
            if (accept("NOT")) {
                return not().negate();
            }
            if (accept("(")) {
                Predicate<Map<String, Object>> inner = or();
                expect(")");
                return inner;
            }
            return comparison();
        }

        private Predicate<Map<String, Object>> comparison() {
            String field = next();
            String operator = next().toUpperCase(Locale.ROOT);
            if (operator.equals("IN") || operator.equals("NOT")) {
                boolean negated = operator.equals("NOT");
                if (negated) {
                    expect("IN");
                }
                expect("(");
                List<Object> values = new ArrayList<>();
                do {
                    values.add(literal(next()));
                } while (accept(","));
                expect(")");
                return r -> values.stream().anyMatch(v -> Objects.equals(v, null) ? value(r, field) == null
                        : value(r, field) != null && compare(value(r, field), v) == 0) != negated;
            }
            Object literal = literal(next());
            return r -> {
                Object actual = value(r, field);
                if (literal == null || actual == null) {
                    boolean same = literal == actual;
                    return switch (operator) {
                        case "=" -> same;
                        case "!=", "<>" -> !same;
                        default -> false;
                    };
                }
                int c = compare(actual, literal);
                return switch (operator) {
                    case "=" -> c == 0;
                    case "!=", "<>" -> c != 0;
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    default -> throw new IllegalArgumentException("MALFORMED_QUERY: operator " + operator);
                };
            };
        }

        private static Object literal(String token) {
            if (token.startsWith("'")) {
                return token.substring(1, token.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
            }
            return switch (token.toLowerCase(Locale.ROOT)) {
                case "null" -> null;
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> Character.isDigit(token.charAt(0)) && token.contains("T") ? Objects.requireNonNull(instant(token), token)
                        : Character.isDigit(token.charAt(0)) || token.startsWith("-") ? new BigDecimal(token) : token;
            };
        }

        private boolean accept(String token) {
            if (at < tokens.size() && tokens.get(at).equalsIgnoreCase(token)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw new IllegalArgumentException("MALFORMED_QUERY: expected '" + token + "' at " + (at < tokens.size() ? tokens.get(at) : "end"));
            }
        }

        private String next() {
            if (at >= tokens.size()) {
                throw new IllegalArgumentException("MALFORMED_QUERY: unexpected end");
            }
            return tokens.get(at++);
        }
    }
}
