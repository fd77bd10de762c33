package io.partnersync.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.config.InvalidConfigurationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import com.google.common.hash.Hashing;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.annotation.Order;

/**
 * Every endpoint that changes or reveals data needs a role. Open to anyone: the CRMs' webhooks
 * (each checks its CRM's signature itself), the health status without details, and the liveness and
 * readiness probes. viewer reads ({@code GET /api/**}, metrics, health details); ops also replays
 * failures, resumes connectors and runs the expiry and deadline checks now; admin does everything
 * else (an extension is a governance decision).
 *
 * <p>The API is stateless: no session, no cookie. CSRF protection is off there because it guards
 * cookie sessions, and there are none: a cross-site page cannot set an {@code Authorization}
 * header, and a 401 carries no {@code WWW-Authenticate: Basic} challenge, so browsers never keep
 * Basic credentials to send along with a forged request.
 *
 * <p>The sync health page ({@code /}, {@code /ui/**}) is the one place with a session: a sign-in
 * form for the configured users, a session cookie ({@code HttpOnly}, {@code SameSite=Lax}) and
 * Spring Security's CSRF token on every state change (htmx sends it as a header), so a cross-site
 * POST changes nothing. Its content security policy allows scripts and styles from the service only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiSecurity {

    /**
     * The pages a partner's CRM admin opens from an invitation: no sign-in (the link's token is the
     * credential, checked by the pages), CSRF on every POST, never framed, no referrer (the link must
     * not reach the CRM's pages). No {@code form-action} rule: the consent button is answered with a
     * redirect to the CRM's own consent page, which that rule would block.
     */
    @Bean
    @Order(0)
    SecurityFilterChain connect(HttpSecurity http) throws Exception {
        http.securityMatcher("/connect/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; frame-ancestors 'none'; base-uri 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }

    /** The page's own chain, before the API's: form sign-in, session, CSRF. */
    @Bean
    @Order(1)
    SecurityFilterChain page(HttpSecurity http) throws Exception {
        http.securityMatcher("/", "/ui/**", "/login", "/logout", "/css/**", "/webjars/**", "/favicon.ico")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.POST, "/ui/failures/*/replay").hasRole("OPS")
                        .requestMatchers(HttpMethod.GET, "/", "/ui/**").hasRole("VIEWER")
                        .anyRequest().hasRole("ADMIN"))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", true).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, SecuritySettings settings, ObjectMapper json, Environment environment) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webhooks/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/failures/*/replay", "/api/failures/replay", "/api/failures/*/resolve", "/api/connectors/*/resume", "/api/connectors/*/pause",
                                "/api/connectors/*/sync", "/api/connectors/*/resync", "/api/connectors/*/test", "/api/invitations",
                                "/api/leads/deadline-run",
                                "/api/registrations/expiry-run").hasRole("OPS")
                        .requestMatchers(HttpMethod.DELETE, "/api/invitations/*").hasRole("OPS")
                        .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").hasRole("VIEWER")
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> problem(json, response, HttpStatus.UNAUTHORIZED,
                        "sign in: HTTP Basic with a configured user, or Authorization: Bearer with an API token")))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> problem(json, response, HttpStatus.UNAUTHORIZED,
                                "sign in: HTTP Basic with a configured user, or Authorization: Bearer with an API token"))
                        .accessDeniedHandler((request, response, e) -> problem(json, response, HttpStatus.FORBIDDEN,
                                "your role may not " + request.getMethod() + " " + request.getRequestURI())))
                .addFilterBefore(new BearerTokens(tokens(settings, environment), json), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecuritySettings settings, PasswordEncoder encoder,
                             @Value("${partnersync.security.initial-password-file:data/initial-admin-password}")
                             Path initialPasswordFile) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        if (settings.users().isEmpty() && settings.tokens().isEmpty()) {
            users.createUser(InitialAdmin.create(initialPasswordFile, encoder));
        }
        for (SecuritySettings.User user : settings.users()) {
            if (!user.passwordHash().matches(SecuritySettings.STRONG_HASH)) {
                throw new InvalidConfigurationException("configuration", "partnersync.security.users." + user.name() + ".password-hash",
                        "a hash with a slow, salted scheme ({bcrypt}$2a$10$..., {argon2}, {scrypt} or {pbkdf2}); {noop} (plaintext) and fast hashes are refused");
            }
            users.createUser(User.withUsername(user.name()).password(user.passwordHash())
                    .authorities(user.role().authorities().toArray(String[]::new)).build());
        }
        return users;
    }

    /** The SHA-256 of each token, hex, with its name and role. */
    private static Map<String, SecuritySettings.Token> tokens(SecuritySettings settings, Environment environment) {
        Map<String, SecuritySettings.Token> byHash = new LinkedHashMap<>();
        for (SecuritySettings.Token token : settings.tokens()) {
            String hash = token.sha256();
            if (hash == null || hash.isBlank()) {
                String value = token.env() == null ? null : environment.getProperty(token.env());
                if (value == null || value.isBlank()) {
                    throw new InvalidConfigurationException("configuration", "partnersync.security.tokens." + token.name(),
                            "a sha256 of the token, or env naming a set environment variable that holds it"
                                    + (token.env() == null ? "" : " (" + token.env() + " is not set)"));
                }
                hash = sha256(value);
            }
            byHash.put(hash.toLowerCase(Locale.ROOT), token);
        }
        return byHash;
    }

    static String sha256(String value) {
        return Hashing.sha256().hashString(value, StandardCharsets.UTF_8).toString();
    }

    private static void problem(ObjectMapper json, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        json.writeValue(response.getOutputStream(), body);
    }

    /** {@code Authorization: Bearer <token>}: a configured token signs the caller in with its role; another is refused. */
    private static final class BearerTokens extends OncePerRequestFilter {
        private final Map<String, SecuritySettings.Token> byHash;
        private final ObjectMapper json;

        BearerTokens(Map<String, SecuritySettings.Token> byHash, ObjectMapper json) {
            this.byHash = byHash;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                byte[] presented = sha256(header.substring(7).trim()).getBytes(StandardCharsets.UTF_8);
                SecuritySettings.Token match = null;
                for (var known : byHash.entrySet()) {
                    if (MessageDigest.isEqual(presented, known.getKey().getBytes(StandardCharsets.UTF_8))) {
                        match = known.getValue();
                    }
                }
                if (match == null) {
                    problem(json, response, HttpStatus.UNAUTHORIZED, "the API token is not known");
                    return;
                }
                List<SimpleGrantedAuthority> authorities = match.role().authorities().stream().map(SimpleGrantedAuthority::new).toList();
                SecurityContextHolder.getContext().setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated("token:" + match.name(), null, authorities));
            }
            chain.doFilter(request, response);
        }
    }
}
