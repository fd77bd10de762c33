package io.partnersync.connector.dynamics;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Access tokens for one Dataverse environment from Microsoft Entra ID, by the client-credentials
 * flow (an application user in the environment), with msal4j: it caches a token until five minutes
 * before it expires and asks for a new one then.
 *
 * <p>msal4j's own HTTP is replaced by the service's {@code java.net.http} client (one transport, one
 * place for timeouts), and instance discovery is off: the authority is the tenant's, never another
 * host. For a connector marked {@code local-sandbox}, the authority's requests go to the
 * connector's base URL instead (the simulated environment also issues its tokens), because msal4j
 * accepts only an https authority.
 */
final class EntraTokens {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final ConfidentialClientApplication app;
    private final Set<String> scopes;

    /**
     * @param authority {@code https://login.microsoftonline.com/<tenant>/}
     * @param resource the environment, {@code https://<org>.crm.dynamics.com}
     * @param loopback where the authority's requests go instead (a simulator), or {@code null}
     */
    EntraTokens(String authority, String clientId, String clientSecret, String resource, URI loopback, HttpClient http) {
        try {
            this.app = ConfidentialClientApplication.builder(clientId, ClientCredentialFactory.createFromSecret(clientSecret))
                    .authority(authority)
                    .instanceDiscovery(false)
                    .httpClient(new Transport(http, URI.create(authority), loopback))
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the Entra ID authority '" + authority + "' is not a URL", e);
        }
        this.scopes = Set.of(resource.replaceAll("/+$", "") + "/.default");
    }

    /** A valid access token (from msal4j's cache while it lasts). */
    String token() {
        try {
            return app.acquireToken(ClientCredentialParameters.builder(scopes).build()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).accessToken();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MsalServiceException refused) {
                // the secret is never part of msal4j's messages; the error code and description are Entra ID's
                throw new CategorizedException(refused.statusCode() == 429 ? FailureCategory.RATE_LIMIT
                        : refused.statusCode() >= 500 ? FailureCategory.TRANSIENT : FailureCategory.AUTH,
                        "Entra ID refused the token request (" + refused.errorCode() + "): " + refused.getMessage(), null);
            }
            throw new CategorizedException(FailureCategory.TRANSIENT, "could not get a token from Entra ID: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new CategorizedException(FailureCategory.TRANSIENT, "Entra ID did not answer the token request within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "interrupted while waiting for Entra ID", e);
        }
    }

    /** msal4j's transport on java.net.http; requests for the authority's host go to {@code loopback} when one is set. */
    private record Transport(HttpClient http, URI authority, URI loopback) implements IHttpClient {

        @Override
        public IHttpResponse send(HttpRequest request) throws Exception {
            URI target = request.url().toURI();
            if (loopback != null && authority.getHost().equalsIgnoreCase(target.getHost())) {
                target = URI.create(loopback.toString().replaceAll("/+$", "") + target.getRawPath()
                        + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
            }
            var builder = java.net.http.HttpRequest.newBuilder(target).timeout(TIMEOUT).method(request.httpMethod().name(),
                    request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
            if (request.headers() != null) {
                request.headers().forEach((name, value) -> {
                    if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        builder.header(name, value);
                    }
                });
            }
            var response = http.send(builder.build(), BodyHandlers.ofString());
            var answer = new com.microsoft.aad.msal4j.HttpResponse().statusCode(response.statusCode()).body(response.body());
            answer.addHeaders(response.headers().map());
            return answer;
        }
    }
}
