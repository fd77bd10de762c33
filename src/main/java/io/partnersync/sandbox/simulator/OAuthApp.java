package io.partnersync.sandbox.simulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A HubSpot portal's side of a public app's install, in the shapes of HubSpot's OAuth reference:
 * the install page ({@code GET /oauth/authorize} with {@code client_id}, {@code redirect_uri},
 * {@code scope}, {@code state}), where the portal's admin grants access (a link to
 * {@code /oauth/authorize/grant}, answered with a redirect to {@code redirect_uri?code=...&state=...},
 * or {@code /oauth/authorize/deny}: {@code ?error=access_denied}); the token endpoint
 * ({@code POST /oauth/v1/token}: {@code authorization_code}, single-use codes bound to their client
 * and redirect, and {@code refresh_token}); and the token's metadata
 * ({@code GET /oauth/v1/access-tokens/{token}}: {@code hub_id}, {@code hub_domain}, ...). With
 * {@link #require} set, only that client id and secret are accepted.
 */
public final class OAuthApp {

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Code(String clientId, String redirect) {
    }

    private final long hubId;
    private final String domain;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private volatile String clientId;
    private volatile String clientSecret;

    OAuthApp(long hubId, String domain) {
        this.hubId = hubId;
        this.domain = domain;
    }

    /** Accepts only this app (as HubSpot knows the apps installed in it); unset, any client id and secret are accepted. */
    public OAuthApp require(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        return this;
    }

    public long hubId() {
        return hubId;
    }

    /** Access tokens handed out so far (to tell which calls used a consented connection's token). */
    public Set<String> accessTokens() {
        return Set.copyOf(accessTokens.keySet());
    }

    Simulator.Answer answer(Simulator.Request request, String path) {
        Map<String, String> query = form(request.query());
        if (path.equals("/oauth/authorize") && request.method().equals("GET")) {
            return installPage(query, request.query());
        }
        if (path.equals("/oauth/authorize/grant") && request.method().equals("GET")) {
            if (clientId != null && !clientId.equals(query.get("client_id"))) {
                return error(400, "BAD_CLIENT_ID", "no app with this client id is installable");
            }
            String code = random();
            codes.put(code, new Code(query.get("client_id"), query.get("redirect_uri")));
            return redirect(query.get("redirect_uri"), "code=" + code + "&state=" + encode(query.getOrDefault("state", "")));
        }
        if (path.equals("/oauth/authorize/deny") && request.method().equals("GET")) {
            return redirect(query.get("redirect_uri"), "error=access_denied&error_description=" + encode("the user declined")
                    + "&state=" + encode(query.getOrDefault("state", "")));
        }
        if (path.equals("/oauth/v1/token") && request.method().equals("POST")) {
            return token(form(request.body()));
        }
        if (path.startsWith("/oauth/v1/access-tokens/") && request.method().equals("GET")) {
            String token = URLDecoder.decode(path.substring("/oauth/v1/access-tokens/".length()), StandardCharsets.UTF_8);
            if (!accessTokens.containsKey(token)) {
                return error(404, "NOT_FOUND", "token not found");
            }
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("token", token);
            about.put("user", "admin@" + domain);
            about.put("hub_domain", domain);
            about.put("scopes", java.util.List.of("oauth", "crm.objects.deals.read", "crm.objects.deals.write"));
            about.put("hub_id", hubId);
            about.put("app_id", 1001);
            about.put("expires_in", 1800);
            about.put("user_id", 42);
            about.put("token_type", "access");
            return Simulator.Answer.ok(about);
        }
        return error(404, "NOT_FOUND", "Unable to route " + request.method() + " " + path);
    }

    private Simulator.Answer installPage(Map<String, String> query, String rawQuery) {
        if (query.get("redirect_uri") == null || query.get("client_id") == null) {
            return error(400, "BAD_REQUEST", "client_id and redirect_uri are required");
        }
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Connect app · HubSpot (simulated)</title></head><body>"
                + "<h1>Connect an app to portal " + hubId + " (" + html(domain) + ")</h1>"
                + "<p>The app <code>" + html(query.get("client_id")) + "</code> asks for: <code>"
                + html(query.getOrDefault("scope", "")) + "</code></p>"
                + "<p><a id=\"grant\" href=\"/oauth/authorize/grant?" + html(rawQuery) + "\">Connect app</a> · "
                + "<a id=\"deny\" href=\"/oauth/authorize/deny?" + html(rawQuery) + "\">Cancel</a></p></body></html>";
        return new Simulator.Answer(200, new Simulator.Text("text/html; charset=utf-8", html), Map.of());
    }

    private Simulator.Answer token(Map<String, String> form) {
        if (clientId != null && (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret")))) {
            return error(400, "BAD_CLIENT_ID", "missing or unknown client id or secret");
        }
        String grant = form.getOrDefault("grant_type", "");
        if (grant.equals("authorization_code")) {
            Code code = form.get("code") == null ? null : codes.remove(form.get("code"));
            if (code == null) {
                return error(400, "BAD_AUTH_CODE", "missing or unknown auth code");
            }
            if (!code.redirect().equals(form.get("redirect_uri")) || !code.clientId().equals(form.get("client_id"))) {
                return error(400, "BAD_REDIRECT_URI", "redirect_uri does not match the one the code was issued for");
            }
            String refresh = random();
            refreshTokens.add(refresh);
            return tokens(refresh);
        }
        if (grant.equals("refresh_token")) {
            if (!refreshTokens.contains(form.getOrDefault("refresh_token", ""))) {
                return error(400, "BAD_REFRESH_TOKEN", "missing or unknown refresh token");
            }
            return tokens(form.get("refresh_token"));
        }
        return error(400, "BAD_GRANT_TYPE", "unknown grant_type");
    }

    private Simulator.Answer tokens(String refresh) {
        String access = "sim-at-" + random();
        accessTokens.put(access, refresh);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "bearer");
        body.put("refresh_token", refresh);
        body.put("access_token", access);
        body.put("expires_in", 1800);
        return Simulator.Answer.ok(body);
    }

    private static Simulator.Answer redirect(String to, String query) {
        if (to == null) {
            return error(400, "BAD_REDIRECT_URI", "redirect_uri is required");
        }
        return new Simulator.Answer(302, null, Map.of("Location", to + (to.contains("?") ? "&" : "?") + query));
    }

    private static Simulator.Answer error(int status, String code, String message) {
        return new Simulator.Answer(status, Map.of("status", code, "message", message), Map.of());
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String html(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
