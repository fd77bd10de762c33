package io.partnersync.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The test users of {@code application-test.yml}, one per role, as HTTP Basic credentials. */
public final class Callers {

    public static final String ADMIN = basic("admin");
    public static final String OPS = basic("ops");
    public static final String VIEWER = basic("viewer");
    /** The ops API token of {@code application-test.yml}. */
    public static final String OPS_TOKEN = "Bearer ci-test-token";

    private Callers() {
    }

    /** The password of test user {@code name}. */
    public static String password(String name) {
        return name + "-test-password";
    }

    private static String basic(String name) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password(name)).getBytes(StandardCharsets.UTF_8));
    }
}
