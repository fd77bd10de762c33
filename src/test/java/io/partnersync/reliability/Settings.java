package io.partnersync.reliability;

import java.time.Duration;

/** The suite's knobs, as system properties ({@code -Dreliability.records=1000}); {@code reliability.records} sizes every scenario. */
final class Settings {

    private Settings() {
    }

    static String text(String key, String fallback) {
        return System.getProperty(key, fallback);
    }

    static long number(String key, long fallback) {
        return Long.parseLong(System.getProperty(key, String.valueOf(fallback)));
    }

    static Duration duration(String key, String fallback) {
        return Duration.parse(System.getProperty(key, fallback));
    }

    /** The scenario's own record count, else {@code reliability.records}, else the scenario's default. */
    static int records(String scenarioKey, int fallback) {
        return (int) number(scenarioKey, number("reliability.records", fallback));
    }
}
