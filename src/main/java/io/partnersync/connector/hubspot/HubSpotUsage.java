package io.partnersync.connector.hubspot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.partnersync.connector.ApiQuota;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The calls each portal answered and its allowance, from the {@code X-HubSpot-RateLimit-*} headers
 * HubSpot sends with each answer: the daily allowance ({@code -Daily}, {@code -Daily-Remaining})
 * where the portal reports one, else the 10-second burst window ({@code -Max}, {@code -Remaining}).
 * Metrics: {@code partnersync.hubspot.calls} (connector, status), {@code partnersync.hubspot.rate.limited}
 * (connector; answers 429), {@code partnersync.hubspot.api.used} and {@code .allowed} (connector, window).
 */
@Component
class HubSpotUsage implements ApiQuota.Source {

    private final MeterRegistry meters;
    private final Map<String, ApiQuota> quotas = new ConcurrentHashMap<>();
    private final Map<String, ApiQuota> windows = new ConcurrentHashMap<>();

    HubSpotUsage(MeterRegistry meters) {
        this.meters = meters;
    }

    void answered(String connector, HttpResponse<?> response) {
        int status = response.statusCode();
        Counter.builder("partnersync.hubspot.calls").description("Calls to a HubSpot portal, by the status class of the answer")
                .tag("connector", connector).tag("status", status / 100 + "xx").register(meters).increment();
        if (status == 429) {
            Counter.builder("partnersync.hubspot.rate.limited").description("Calls a HubSpot portal refused with 429 (rate limit)")
                    .tag("connector", connector).register(meters).increment();
        }
        OptionalLong daily = header(response, "X-HubSpot-RateLimit-Daily");
        OptionalLong dailyLeft = header(response, "X-HubSpot-RateLimit-Daily-Remaining");
        OptionalLong burst = header(response, "X-HubSpot-RateLimit-Max");
        OptionalLong burstLeft = header(response, "X-HubSpot-RateLimit-Remaining");
        ApiQuota quota = null;
        if (daily.isPresent() && dailyLeft.isPresent()) {
            quota = new ApiQuota(daily.getAsLong() - dailyLeft.getAsLong(), daily.getAsLong(), "day");
        } else if (burst.isPresent() && burstLeft.isPresent()) {
            quota = new ApiQuota(burst.getAsLong() - burstLeft.getAsLong(), burst.getAsLong(), "10 seconds");
        }
        if (quota != null) {
            String key = connector + "|" + quota.window();
            if (windows.put(key, quota) == null) {
                Gauge.builder("partnersync.hubspot.api.used", windows, q -> q.get(key).used())
                        .description("HubSpot API calls used in the portal's window (day, or 10 seconds), as the portal last reported")
                        .tag("connector", connector).tag("window", quota.window()).register(meters);
                Gauge.builder("partnersync.hubspot.api.allowed", windows, q -> q.get(key).limit())
                        .description("The HubSpot portal's allowance in its window, as the portal last reported")
                        .tag("connector", connector).tag("window", quota.window()).register(meters);
            }
            quotas.put(connector, quota);
        }
    }

    @Override
    public Optional<ApiQuota> quota(String connector) {
        return Optional.ofNullable(quotas.get(connector));
    }

    private static OptionalLong header(HttpResponse<?> response, String name) {
        try {
            return response.headers().firstValue(name).map(v -> OptionalLong.of(Long.parseLong(v.trim()))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
