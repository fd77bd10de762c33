package io.partnersync.sandbox.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The simulators compare datetimes kept as text (as the CRMs answer them) on every filter and sort:
 * a search over 10,000 records sorts by a timestamp, about 140,000 comparisons. Parsing each text
 * once keeps the simulators' own CPU out of a benchmark's figures on a machine the service shares
 * with them. The memo is bounded: past {@link #LIMIT} texts it starts again.
 *
 * @param <T> what a text parses to
 */
final class ParsedTimes<T> {

    private static final int LIMIT = 500_000;

    private final Map<String, Optional<T>> parsed = new ConcurrentHashMap<>();
    private final Function<String, T> parse;

    /** @param parse the value of a text, or null when it is not a datetime */
    ParsedTimes(Function<String, T> parse) {
        this.parse = parse;
    }

    /** The value of {@code text}, or null when it is not a datetime. */
    T of(String text) {
        Optional<T> known = parsed.get(text);
        if (known == null) {
            if (parsed.size() > LIMIT) {
                parsed.clear();
            }
            known = Optional.ofNullable(parse.apply(text));
            parsed.put(text, known);
        }
        return known.orElse(null);
    }
}
