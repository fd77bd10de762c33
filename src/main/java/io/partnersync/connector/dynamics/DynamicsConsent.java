package io.partnersync.connector.dynamics;

import static io.partnersync.connector.ConsentCalls.encode;

import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.ConsentFlow;
import io.partnersync.sync.spi.FailureCategory;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A partner's Entra ID administrator grants the vendor's multi-tenant app access to their tenant
 * (Microsoft identity platform admin consent,
 * https://learn.microsoft.com/entra/identity-platform/v2-admin-consent): the page at
 * {@code login.microsoftonline.com/organizations/v2.0/adminconsent} with the environment's
 * {@code /.default} scope, answered with {@code admin_consent=True} and the {@code tenant} that
 * consented. The connection then gets app-only tokens for that tenant with the app's own
 * credentials (client credentials), as every Dynamics 365 connector does. Dataverse also needs an
 * application user for the app in the environment, with a security role: the online check after
 * the consent says so when it is missing. The environment's address is the one value the admin
 * enters first ({@link #inputs()}); it is checked like every connector's {@code base-url}.
 */
@Component
class DynamicsConsent implements ConsentFlow {

    static final URI ADMIN_CONSENT = URI.create("https://login.microsoftonline.com/organizations/v2.0/adminconsent");
    static final String ENVIRONMENT = "environment-url";

    @Override
    public Map<String, Object> placeholders() {
        return Map.of("base-url", "https://environment.crm.dynamics.com/", "dynamics", Map.of("tenant", "consenting-tenant"));
    }

    @Override
    public List<Input> inputs() {
        return List.of(new Input(ENVIRONMENT, "Your Dynamics 365 environment's address", "https://contoso.crm4.dynamics.com/"));
    }

    @Override
    public URI authorizeUrl(App app, URI redirect, String state, Map<String, String> inputs) {
        URI page = app.authorizeUrl() == null ? ADMIN_CONSENT : app.authorizeUrl();
        String scope = app.scopes().isEmpty() ? environment(inputs) + ".default" : String.join(" ", app.scopes());
        return URI.create(page + "?client_id=" + encode(app.clientId()) + "&scope=" + encode(scope) + "&redirect_uri=" + encode(redirect.toString())
                + "&state=" + encode(state));
    }

    @Override
    public Grant complete(App app, URI redirect, Map<String, String> callback, Map<String, String> inputs) {
        if (callback.containsKey("error")) {
            throw new CategorizedException(FailureCategory.AUTH, "your administrator did not grant consent: " + callback.get("error")
                    + (callback.containsKey("error_description") ? " (" + callback.get("error_description") + ")" : ""), null);
        }
        if (!"true".equalsIgnoreCase(callback.get("admin_consent"))) {
            throw new CategorizedException(FailureCategory.AUTH, "Entra ID did not confirm the administrator's consent", null);
        }
        String tenant = callback.getOrDefault("tenant", "");
        if (!tenant.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,127}")) {
            throw new CategorizedException(FailureCategory.AUTH, "Entra ID did not say which tenant consented", null);
        }
        String environment = environment(inputs);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("base-url", environment);
        if (app.localSandbox()) {
            definition.put("local-sandbox", true);
        }
        definition.put("dynamics", Map.of("tenant", tenant));
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("client-id", app.clientId());
        secrets.put("client-secret", app.clientSecret());
        String host = URI.create(environment).getHost();
        return new Grant("dynamics:" + tenant.toLowerCase(Locale.ROOT) + "/" + host, "Dynamics 365 environment " + host + " (tenant " + tenant + ")",
                definition, secrets);
    }

    /** The environment's address as entered, with one trailing slash; refused when it is no URL. */
    private static String environment(Map<String, String> inputs) {
        String value = inputs.getOrDefault(ENVIRONMENT, "").trim();
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new CategorizedException(FailureCategory.VALIDATION, "the environment's address '" + value + "' is not a URL", e);
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new CategorizedException(FailureCategory.VALIDATION, "the environment's address '" + value + "' is not a URL such as https://contoso.crm4.dynamics.com/", null);
        }
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/";
    }

}
