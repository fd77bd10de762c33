package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.salesforce.SalesforceSettings;
import io.partnersync.connector.ConsentCalls;
import io.partnersync.connector.RotatedSecrets;
import io.partnersync.connector.Secrets;
import io.partnersync.connector.SharedTokens;
import io.partnersync.config.Connectors;
import org.apache.camel.support.service.ServiceHelper;
import io.partnersync.sync.spi.FailureCategory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.partnersync.connector.CircuitBreakerStates;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Optional;

/**
 * Every call PartnerSync makes to a Salesforce org goes through here, and through camel-salesforce:
 * one {@link SalesforceComponent} per connector (named {@code salesforce-<connector>}) owns the
 * login, re-login on an expired session, and token revocation on shutdown; calls use its
 * {@code raw} operation so that objects and fields stay configuration, not generated DTOs. Each
 * response's {@code Sforce-Limit-Info} is recorded, errors are classified, a server error (5xx) is
 * retried twice with backoff, and a circuit breaker per connector stops hammering an org that
 * keeps failing. Limits and data errors are never retried here.
 */
@Component
public class SalesforceApi implements CircuitBreakerStates {

    /**
     * Low-volume calls: a time-based window with a small minimum, because the library's default
     * (count-based, 100 calls) would never trip at a few calls a minute.
     */
    private static final CircuitBreakerConfig BREAKER = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
            .slidingWindowSize(120)
            .minimumNumberOfCalls(4)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1))
            .recordException(e -> e instanceof SalesforceApiException s
                    && (s.category() == FailureCategory.TRANSIENT || s.category() == FailureCategory.AUTH))
            .build();

    /** The name camel-salesforce's security handler (a re-login on any 401) has among its HTTP client's protocol handlers. */
    static final String SECURITY_HANDLER = "CamelSalesforceSecurityHandler";

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final Secrets secrets;
    private final SalesforceLimits limits;
    private final ObjectMapper json;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Retry retry;

    private final CircuitBreakerRegistry breakerRegistry = CircuitBreakerRegistry.of(BREAKER);

    private final SharedTokens tokens;
    private final RotatedSecrets rotated;
    private final ConsentCalls tokenCalls;
    private final Map<String, SharedSalesforceSession> shared = new ConcurrentHashMap<>();

    SalesforceApi(CamelContext camel, ProducerTemplate producer, Secrets secrets, SalesforceLimits limits, ObjectMapper json,
                  MeterRegistry meters, Connectors connectors, ObjectProvider<SharedTokens> tokens, ObjectProvider<RotatedSecrets> rotated) {
        // both live in the store; validate --online has none, and its one-off logins are camel-salesforce's own
        this.tokens = tokens.getIfAvailable();
        this.rotated = rotated.getIfAvailable();
        this.tokenCalls = new ConsentCalls("Salesforce", json);
        // a connection changed or removed at runtime: its component (and login) goes, the next use logs in anew
        connectors.listen(new Connectors.Listener() {
            @Override
            public void removed(ConnectorProperties connector) {
                forget(connector);
            }
        });
        this.camel = camel;
        this.producer = producer;
        this.secrets = secrets;
        this.limits = limits;
        this.json = json;
        RetryRegistry retries = RetryRegistry.ofDefaults();
        this.retry = retries.retry("salesforce", RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(300), 3))
                .retryOnException(e -> e instanceof SalesforceApiException s && s.category() == FailureCategory.TRANSIENT && s.status() != 0)
                .build());
        // resilience4j_circuitbreaker_state{name="salesforce-<connector>"}, calls, failure rate; and the retries' calls
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakerRegistry).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** The state of the connector's circuit breaker (closed, open, half_open), or empty before its first call. */
    @Override
    public Optional<String> state(String connector) {
        return breakerRegistry.find("salesforce-" + connector).map(b -> b.getState().name().toLowerCase(Locale.ROOT));
    }

    /** GET of a REST path ({@code /services/data/v62.0/...}); returns the parsed JSON body. */
    public JsonNode get(ConnectorProperties connector, String path, Map<String, String> headers) {
        return parse(call(connector, "GET", path, null, headers), "GET " + path);
    }

    /** A write (PATCH, POST) with a JSON body; returns the parsed JSON body. */
    public JsonNode send(ConnectorProperties connector, String method, String path, String body) {
        return parse(call(connector, method, path, body, Map.of()), method + " " + path);
    }

    /** A call whose body or answer is not JSON (Bulk API CSV); returns the answer as text. */
    public String text(ConnectorProperties connector, String method, String path, String body, String contentType) {
        return call(connector, method, path, body, contentType == null ? Map.of() : Map.of("Content-Type", contentType));
    }

    public String versionPath(ConnectorProperties connector) {
        return "/services/data/v" + SalesforceSettings.of(connector).apiVersion() + "/";
    }

    private String call(ConnectorProperties connector, String method, String path, String body, Map<String, String> headers) {
        CircuitBreaker breaker = breakers.computeIfAbsent(connector.name(), name -> breakerRegistry.circuitBreaker("salesforce-" + name));
        try {
            return breaker.executeSupplier(Retry.decorateSupplier(retry, () -> exchange(connector, method, path, body, headers)));
        } catch (CallNotPermittedException e) {
            throw new SalesforceApiException(FailureCategory.TRANSIENT, 0, null,
                    "not called: the circuit breaker is open after repeated failures of connector " + connector.name(), e);
        }
    }

    private String exchange(ConnectorProperties connector, String method, String path, String body, Map<String, String> headers) {
        String component = component(connector);
        SharedSalesforceSession session = shared.get(connector.name());
        if (session == null) {
            return send(connector, component, method, path, body, headers);
        }
        String used = session.getAccessToken();
        try {
            return send(connector, component, method, path, body, headers);
        } catch (SalesforceApiException e) {
            if (e.status() != 401) {
                throw e;
            }
            // the org refused the shared token (expired, revoked): one new token for every instance, and this call once more
            try {
                session.login(used);
            } catch (SalesforceException login) {
                throw new SalesforceApiException(FailureCategory.AUTH, 0, null,
                        "login of connector " + connector.name() + " failed: " + FailureMessages.root(login), login);
            }
            return send(connector, component, method, path, body, headers);
        }
    }

    private String send(ConnectorProperties connector, String component, String method, String path, String body, Map<String, String> headers) {
        Exchange result = producer.send(component + ":raw?format=JSON", exchange -> {
            exchange.getIn().setHeader(SalesforceEndpointConfig.RAW_PATH, path);
            exchange.getIn().setHeader(SalesforceEndpointConfig.RAW_METHOD, method);
            if (!headers.isEmpty()) {
                headers.forEach(exchange.getIn()::setHeader);
                exchange.getIn().setHeader(SalesforceEndpointConfig.RAW_HTTP_HEADERS, String.join(",", headers.keySet()));
            }
            exchange.getIn().setBody(body);
        });
        limits.record(connector.name(), result.getMessage().getHeader("Sforce-Limit-Info", String.class));
        if (result.getException() != null) {
            throw classify(connector, result.getException());
        }
        try (InputStream in = result.getMessage().getBody(InputStream.class)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SalesforceApiException(FailureCategory.TRANSIENT, 0, null, "unreadable response to " + method + " " + path, e);
        }
    }

    private JsonNode parse(String body, String call) {
        try {
            return body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw new SalesforceApiException(FailureCategory.INTERNAL, 0, null, "the answer to " + call + " is not JSON", e);
        }
    }

    private SalesforceApiException classify(ConnectorProperties connector, Exception error) {
        int status = error instanceof SalesforceException se ? se.getStatusCode() : 0;
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String errorCode = errorCode(message);
        FailureCategory category;
        if ("REQUEST_LIMIT_EXCEEDED".equals(errorCode)) {
            limits.limitExceeded(connector.name());
            category = FailureCategory.RATE_LIMIT;
        } else if (status == 401 || "INVALID_SESSION_ID".equals(errorCode) || message.contains("invalid_grant") || message.contains("invalid_client")) {
            category = FailureCategory.AUTH;
        } else if ("UNABLE_TO_LOCK_ROW".equals(errorCode)) {
            category = FailureCategory.CONFLICT;
        } else if (status == 0 || status >= 500) {
            category = FailureCategory.TRANSIENT;
        } else if (status == 400 || status == 404) {
            category = FailureCategory.VALIDATION;
        } else {
            category = FailureCategory.INTERNAL;
        }
        return new SalesforceApiException(category, status, errorCode, describe(message), error);
    }

    /** Salesforce REST errors are a JSON array of {message, errorCode, fields}. */
    private String errorCode(String body) {
        try {
            JsonNode errors = json.readTree(body);
            JsonNode first = errors.isArray() ? errors.path(0) : errors;
            String code = first.path("errorCode").asText(null);
            return code != null ? code : first.path("error").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String describe(String body) {
        try {
            JsonNode errors = json.readTree(body);
            JsonNode first = errors.isArray() ? errors.path(0) : errors;
            if (first.has("message")) {
                return first.path("message").asText() + (first.has("fields") ? " (fields " + first.path("fields") + ")" : "");
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep Salesforce's text
        }
        return body;
    }

    /** The name of the connector's camel-salesforce component, for endpoint URIs (it is created and logged in on first use). */
    private synchronized void forget(ConnectorProperties connector) {
        shared.remove(connector.name());
        breakers.remove(connector.name());
        breakerRegistry.remove("salesforce-" + connector.name());
        org.apache.camel.Component component = camel.removeComponent(componentName(connector));
        if (component != null) {
            ServiceHelper.stopAndShutdownService(component);
        }
    }

    public String componentName(ConnectorProperties connector) {
        return "salesforce-" + connector.name();
    }

    /**
     * The connector's camel-salesforce component, created and logged in on first use.
     *
     * @throws SalesforceApiException (AUTH) when the login fails; the next call tries again
     */
    synchronized String component(ConnectorProperties connector) {
        String name = componentName(connector);
        if (camel.hasComponent(name) == null) {
            SalesforceComponent component = new SalesforceComponent();
            SalesforceLoginConfig login = loginConfig(connector);
            component.setLoginConfig(login);
            // Jetty follows redirects by default, and a 307 re-sends the POST body: a login answered with a
            // redirect would carry client_secret, password or assertion to another host. No redirect is
            // followed, for the login or any API call; the redirect fails the login with its status instead.
            component.setHttpClientProperties(new HashMap<>(Map.of("followRedirects", false)));
            SalesforceEndpointConfig config = new SalesforceEndpointConfig();
            config.setApiVersion(SalesforceSettings.of(connector).apiVersion());
            component.setConfig(config);
            try {
                camel.addComponent(name, component);
                // camel-spring-boot's component customizer resets options when the component is added,
                // so these are set afterwards. The Streaming API consumer reads the version from the
                // configuration, and change events are handled on the consumer worker pool rather than
                // on the HTTP client's threads, because handling one reads records back through this client.
                SalesforceComponent added = (SalesforceComponent) camel.getComponent(name);
                added.getConfig().setApiVersion(SalesforceSettings.of(connector).apiVersion());
                added.setConsumerWorkerPoolEnabled(true);
                if (shares(connector)) {
                    share(connector, added, login);
                }
            } catch (RuntimeException e) {
                camel.removeComponent(name);
                throw new SalesforceApiException(FailureCategory.AUTH, 0, null,
                        "login of connector " + connector.name() + " failed: " + FailureMessages.root(e), e);
            }
        }
        return name;
    }

    /**
     * Puts a {@link SharedSalesforceSession} in the place of the component's own (which never logged
     * in: the login is lazy for these), and takes camel-salesforce's security handler off the
     * component's HTTP client, so that no login happens outside the shared session; a 401 comes back
     * to {@link #exchange} and the Streaming API's re-login goes through the session's
     * {@code login}. camel-salesforce has no setter for the session: the field is set by reflection,
     * checked at build time by {@code SalesforceApiIT}, which fails if a new camel-salesforce renames it.
     */
    /** Whether the connector's login is shared by the instances: a refresh token, with the store at hand. */
    private boolean shares(ConnectorProperties connector) {
        return SalesforceSettings.of(connector).auth() == SalesforceSettings.Auth.REFRESH_TOKEN && tokens != null && rotated != null;
    }

    private void share(ConnectorProperties connector, SalesforceComponent component, SalesforceLoginConfig login) {
        SharedSalesforceSession session = new SharedSalesforceSession(camel, component.getHttpClient(), login,
                connector.name(), tokens, rotated, tokenCalls, json, java.time.Clock.systemUTC());
        try {
            java.lang.reflect.Field field = SalesforceComponent.class.getDeclaredField("session");
            field.setAccessible(true);
            field.set(component, session);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("camel-salesforce changed: its component has no session field to share", e);
        }
        component.getHttpClient().setSession(session);
        component.getHttpClient().getProtocolHandlers().remove(SECURITY_HANDLER);
        shared.put(connector.name(), session);
        ServiceHelper.startService(session); // the login, as the component's own session would at start
    }

    private SalesforceLoginConfig loginConfig(ConnectorProperties connector) {
        SalesforceSettings settings = SalesforceSettings.of(connector);
        SalesforceLoginConfig login = new SalesforceLoginConfig();
        login.setLoginUrl(connector.baseUrl() == null ? SalesforceLoginConfig.DEFAULT_LOGIN_URL : connector.baseUrl().toString());
        login.setClientId(secrets.require(connector, "client-id"));
        switch (settings.auth()) {
            case CLIENT_CREDENTIALS -> {
                login.setType(AuthenticationType.CLIENT_CREDENTIALS);
                login.setClientSecret(secrets.require(connector, "client-secret"));
            }
            case REFRESH_TOKEN -> {
                // a partner's admin consented in the web-server flow (an invitation); the refresh token stands for that consent
                login.setType(AuthenticationType.REFRESH_TOKEN);
                login.setClientSecret(secrets.require(connector, "client-secret"));
                login.setRefreshToken(secrets.require(connector, "refresh-token"));
                login.setLazyLogin(shares(connector)); // the shared session logs in (share)
            }
            case USERNAME_PASSWORD -> {
                login.setType(AuthenticationType.USERNAME_PASSWORD);
                login.setClientSecret(secrets.require(connector, "client-secret"));
                login.setUserName(secrets.require(connector, "username"));
                login.setPassword(secrets.require(connector, "password"));
            }
            case JWT -> {
                login.setType(AuthenticationType.JWT);
                login.setUserName(secrets.require(connector, "username"));
                KeyStoreParameters keystore = new KeyStoreParameters();
                keystore.setCamelContext(camel);
                keystore.setResource("file:" + settings.keystore());
                keystore.setPassword(secrets.require(connector, "keystore-password"));
                keystore.setType("PKCS12");
                login.setKeystore(keystore);
            }
        }
        return login;
    }

    /** Messages without secrets: the root cause's message only. */
    static final class FailureMessages {
        private FailureMessages() {
        }

        static String root(Throwable error) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
    }
}
