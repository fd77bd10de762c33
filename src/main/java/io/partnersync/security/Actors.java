package io.partnersync.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting, for the audit trail: the signed-in user or token, or {@code fallback} for the service's own work. */
public final class Actors {

    private Actors() {
    }

    public static String current(String fallback) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() || authentication.getName() == null
                || "anonymousUser".equals(authentication.getName()) ? fallback : authentication.getName();
    }
}
