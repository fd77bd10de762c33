package io.partnersync.connector.salesforce;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import io.partnersync.connector.ApiQuota;
import io.partnersync.connector.RateLimitPause;
import java.util.Locale;

/**
 * The daily API allowance of each Salesforce org as Salesforce reports it on every response
 * ({@code Sforce-Limit-Info: api-usage=18/15000}), exposed as gauges, and the decision whether
 * non-urgent work may run. After {@code REQUEST_LIMIT_EXCEEDED} the connector pauses for a while
 * instead of retrying in a tight loop. Thread-safe.
 */
@Component
public class SalesforceLimits implements RateLimitPause, ApiQuota.Source {

    /** How long non-urgent work waits after Salesforce refused a call for the daily limit. */
    static final Duration LIMIT_EXCEEDED_PAUSE = Duration.ofMinutes(15);

    private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    /** @param used calls used in the rolling 24 hours; {@code allowed} the org's allowance */
    public record Usage(long used, long allowed) {
        double share() {
            return allowed == 0 ? 0 : (double) used / allowed;
        }
    }

    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;

    SalesforceLimits(MeterRegistry meters) {
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** Records the usage a response reported; ignores a missing or unreadable header. */
    public void record(String connector, String limitInfo) {
        if (limitInfo == null) {
            return;
        }
        Matcher matcher = API_USAGE.matcher(limitInfo);
        if (!matcher.find()) {
            return;
        }
        Usage previous = usage.put(connector, new Usage(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
        if (previous == null) {
            Gauge.builder("partnersync.salesforce.api.used", usage, m -> m.getOrDefault(connector, new Usage(0, 0)).used())
                    .description("Salesforce API calls used in the last 24 hours, from Sforce-Limit-Info")
                    .tag("connector", connector).register(meters);
            Gauge.builder("partnersync.salesforce.api.allowed", usage, m -> m.getOrDefault(connector, new Usage(0, 0)).allowed())
                    .description("Salesforce daily API allowance, from Sforce-Limit-Info")
                    .tag("connector", connector).register(meters);
        }
    }

    public void limitExceeded(String connector) {
        pausedUntil.put(connector, clock.instant().plus(LIMIT_EXCEEDED_PAUSE));
    }

    /**
     * Forgets the usage and any pause, so that work resumes now; for an operator who raised the
     * org's allowance, or after a day's reset. The next response reports the real usage again.
     */
    @Override
    public void resume(String connector) {
        usage.computeIfPresent(connector, (name, old) -> new Usage(0, old.allowed()));
        pausedUntil.remove(connector);
    }

    @Override
    public Optional<ApiQuota> quota(String connector) {
        return usage(connector).map(u -> new ApiQuota(u.used(), u.allowed(), "24 hours"));
    }

    public Optional<Usage> usage(String connector) {
        return Optional.ofNullable(usage.get(connector));
    }

    /**
     * Why non-urgent work of the connector must wait now, or empty when it may run.
     *
     * @param stopShare share of the daily allowance at which non-urgent work stops
     */
    public Optional<String> pauseReason(String connector, double stopShare) {
        Instant until = pausedUntil.get(connector);
        if (until != null && clock.instant().isBefore(until)) {
            return Optional.of("paused until " + until + ": Salesforce answered REQUEST_LIMIT_EXCEEDED");
        }
        Usage current = usage.get(connector);
        if (current != null && current.share() >= stopShare) {
            return Optional.of(String.format(Locale.ROOT, "paused: API usage %d/%d (%.0f%%) reached the configured %.0f%% of the daily allowance",
                    current.used(), current.allowed(), current.share() * 100, stopShare * 100));
        }
        return Optional.empty();
    }
}
