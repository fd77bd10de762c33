package io.partnersync.connection;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConfigurationCheck.Problem;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.MappedRecord;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.mapping.RecordMapper;
import io.partnersync.mapping.SyncRule;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.ConnectorPauseRepository;
import io.partnersync.store.InvitationRepository;
import io.partnersync.store.InvitationRepository.Invitation;
import io.partnersync.sync.ConnectorKinds;
import io.partnersync.sync.spi.ConnectorKind;
import io.partnersync.sync.spi.ConsentFlow;
import io.partnersync.sync.spi.PartnerDirectory;
import io.partnersync.sync.spi.SourceReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * A partner connects its own CRM: ops invite the partner ({@link #create}), the partner's CRM
 * admin opens the link ({@link #open}), consents in the CRM ({@link #authorize}, {@link #consented}),
 * sees what PartnerSync will read and write and the online check of their CRM ({@link #check}),
 * runs a test read of one record ({@link #test}) and goes live ({@link #goLive}).
 *
 * <p>The link's token is the partner's only credential: 32 random bytes, kept as its SHA-256. The
 * link is bound to its partner, expires, and is used up when the connection goes live; the consent's
 * state is single-use and bound to the browser that started it (the caller keeps it in the session).
 * A CRM account consented for another partner is refused. The connection exists from the consent on
 * (kept in the store like every connection) but is paused until the partner goes live. Each step is
 * audited as {@code invitation-*} with the invitation's id as actor.
 */
@Service
public class Invitations {

    private static final Logger log = LoggerFactory.getLogger(Invitations.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** Entities a partner connection syncs unless the invitation says otherwise. */
    static final List<EntityType> DEFAULT_ENTITIES = List.of(EntityType.DEAL, EntityType.LEAD, EntityType.PAYOUT);

    /** A refused step, with the HTTP status that says why (400 wrong, 404 unknown, 409 taken, 410 spent, 502 the CRM). */
    public static final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A new invitation: its link is shown once, here. */
    public record Created(long id, String partner, String kind, String connection, List<String> entities, URI link, Instant expiresAt) {
    }

    /** A field PartnerSync reads or writes in the partner's CRM, for the admin to see before going live. */
    public record Field(String crmField, String canonical, String direction) {
    }

    /** An object PartnerSync syncs in the partner's CRM, with its fields. */
    public record Scope(String entity, String object, List<Field> fields) {
    }

    /** The result of the test read: the record as PartnerSync would take it in, or why there is none. */
    public record TestRead(String entity, String externalId, Map<String, Object> fields, String message) {
    }

    private final InvitationRepository invitations;
    private final StoredConnections connections;
    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final MappingRegistry mappings;
    private final ConnectorPauseRepository pauses;
    private final PartnerDirectory partners;
    private final AuditRepository audit;
    private final ConnectSettings settings;
    private final Environment environment;
    private final Clock clock;

    Invitations(InvitationRepository invitations, StoredConnections connections, Connectors connectors, ConnectorKinds kinds,
                MappingRegistry mappings, ConnectorPauseRepository pauses, PartnerDirectory partners, AuditRepository audit,
                ConnectSettings settings, Environment environment) {
        this.invitations = invitations;
        this.connections = connections;
        this.connectors = connectors;
        this.kinds = kinds;
        this.mappings = mappings;
        this.pauses = pauses;
        this.partners = partners;
        this.audit = audit;
        this.settings = settings;
        this.environment = environment;
        this.clock = Clock.systemUTC();
    }

    /**
     * Invites {@code partner} to connect its CRM of {@code kind}.
     *
     * @param entities what the connection will sync; empty: deals, leads and payouts
     * @param connection the connection's name; {@code null}: {@code <partner>-<kind>}
     * @param settings the connection's settings beyond what the consent gives (poll-interval, limits, the kind's block), kebab-case keys
     */
    public Created create(String partner, String kind, List<String> entities, String connection, Map<String, Object> settings, String actor) {
        Map<String, Object> chosen = settings == null ? Map.of() : settings;
        for (String reserved : List.of("name", "type", "role", "partner", "entities", "secrets", "secret-env")) {
            if (chosen.containsKey(reserved)) {
                throw new Refused(400, "key 'settings." + reserved + "': expected the connection's other settings; " + reserved
                        + " is the invitation's own or comes with the consent");
            }
        }
        if (partner == null || partner.isBlank()) {
            throw new Refused(400, "key 'partner': expected the key of a partner the vendor CRM knows");
        }
        if (partners.partnerId(partner).isEmpty()) {
            throw new Refused(400, "key 'partner': no partner '" + partner + "' is known yet (partners come from the vendor CRM's partner accounts)");
        }
        ConnectorKind<?> crm = kinds.find(kind == null ? "" : kind).orElseThrow(() -> new Refused(400, "key 'kind': expected one of "
                + kinds.all().stream().filter(k -> k.consent().isPresent()).map(ConnectorKind::key).sorted().toList() + ", not '" + kind + "'"));
        if (crm.consent().isEmpty()) {
            throw new Refused(400, "key 'kind': a " + kind + " CRM cannot be connected by consent; add it as a connection (POST /api/connections)");
        }
        app(kind); // refuses an app that is not set up, naming the setting
        List<EntityType> syncs = new ArrayList<>();
        for (String entity : entities == null || entities.isEmpty() ? DEFAULT_ENTITIES.stream().map(EntityType::key).toList() : entities) {
            EntityType type = EntityType.fromKey(entity)
                    .orElseThrow(() -> new Refused(400, "key 'entities': expected some of deal, lead, payout, account; not '" + entity + "'"));
            syncs.add(type);
        }
        String name = connection == null || connection.isBlank() ? (partner + "-" + kind).toLowerCase(Locale.ROOT) : connection;
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new Refused(400, "key 'connection': expected lower-case letters, digits and '-' (at most 63), not '" + name + "'");
        }
        if (connectors.find(name).isPresent()) {
            throw new Refused(409, "connector '" + name + "' exists already; remove it first or name the connection");
        }
        try {
            mappings.of(definitionOf(name, partner, kind, syncs, merge(crm.consent().get().placeholders(), chosen)));
        } catch (RuntimeException e) {
            throw new Refused(400, e.getMessage());
        }
        String token = random();
        Instant expires = clock.instant().plus(this.settings.invitationLifetime());
        List<String> keys = syncs.stream().map(EntityType::key).toList();
        long id = invitations.add(sha256(token), partner, kind, name, keys, write(chosen), actor, expires);
        audit.append(actor, null, null, "invitation-created", "invitation " + id + ": partner " + partner + " to connect its " + kind
                + " CRM as connection " + name + " (" + String.join(", ", keys) + "), until " + expires, null);
        return new Created(id, partner, kind, name, keys, link(token), expires);
    }

    public List<Invitation> list() {
        return invitations.all();
    }

    /** Withdraws an invitation not yet live: its link stops working. */
    public Invitation revoke(long id, String actor) {
        Invitation invitation = invitations.find(id).orElseThrow(() -> new Refused(404, "no invitation " + id));
        if (!invitations.revoke(id)) {
            throw new Refused(409, "invitation " + id + " is " + invitation.step() + "; only one not yet live can be withdrawn");
        }
        audit.append(actor, null, null, "invitation-withdrawn", "invitation " + id + " of partner " + invitation.partner() + " withdrawn", null);
        return invitations.find(id).orElseThrow();
    }

    /** The invitation behind a link that still works; its first opening is audited. */
    public Invitation open(String token) {
        Invitation invitation = usable(token);
        if (invitations.opened(invitation.id())) {
            audit.append(actor(invitation), null, null, "invitation-opened", "invitation " + invitation.id() + " opened by partner "
                    + invitation.partner() + "'s admin", null);
        }
        return invitation;
    }

    /** What the admin enters before consenting in this invitation's CRM. */
    public List<ConsentFlow.Input> inputs(Invitation invitation) {
        return flow(invitation.kind()).inputs();
    }

    /** What the connection will read and write, per object, from its mappings. */
    public List<Scope> scope(Invitation invitation) {
        ConnectorProperties connector = definitionOf(invitation.connection(), invitation.partner(), invitation.kind(), entities(invitation),
                merge(flow(invitation.kind()).placeholders(), read(invitation.settings())));
        List<Scope> scopes = new ArrayList<>();
        for (Map.Entry<EntityType, Mapping> entry : mappings.of(connector).entrySet()) {
            Mapping mapping = entry.getValue();
            List<Field> fields = new ArrayList<>();
            for (FieldMapping field : mapping.fields().values()) {
                if (field.from() == null || field.sync() == SyncRule.NEVER_SYNC) {
                    continue;
                }
                String direction = switch (field.sync()) {
                    case VENDOR_WINS -> "written by PartnerSync";
                    case PARTNER_WINS_UNLESS_BLANK -> "read; written while empty";
                    default -> "read and written";
                };
                fields.add(new Field(field.from(), field.target(), direction));
            }
            scopes.add(new Scope(entry.getKey().key(), mapping.object(), fields));
        }
        return scopes;
    }

    /**
     * Starts the consent: where to send the partner's browser. The state it returns with is
     * {@code state} (the caller made it and keeps it for the browser).
     */
    public URI authorize(String token, String state, Map<String, String> inputs) {
        Invitation invitation = usable(token);
        for (ConsentFlow.Input input : flow(invitation.kind()).inputs()) {
            String value = inputs.get(input.name());
            if (value == null || value.isBlank()) {
                throw new Refused(400, input.label() + ": expected a value such as " + input.example());
            }
        }
        if (invitation.consentedAt() != null) {
            throw new Refused(409, "this invitation's CRM was connected already (" + invitation.identity() + "); go on below");
        }
        if (!invitations.consentStarted(invitation.id(), sha256(state))) {
            throw new Refused(410, "this invitation cannot be used any more");
        }
        audit.append(actor(invitation), null, null, "invitation-consent-started", "invitation " + invitation.id() + ": sent to "
                + invitation.kind() + " to sign in and consent", null);
        return flow(invitation.kind()).authorizeUrl(app(invitation.kind()), settings.callback(), state, inputs);
    }

    /**
     * The CRM sent the admin back: the consent is exchanged for the connection, stored paused.
     *
     * @param token the link's token the browser started the consent with (from its session)
     * @param callback what the CRM sent ({@code state}, {@code code} or {@code error})
     * @param inputs what the admin entered before consenting (kept by the browser's session)
     * @return the invitation, now consented
     */
    public Invitation consented(String token, Map<String, String> callback, Map<String, String> inputs) {
        String state = callback.get("state");
        if (state == null || state.isBlank()) {
            throw new Refused(400, "the CRM's answer has no state; start again from your invitation link");
        }
        Optional<Invitation> taken = invitations.takeState(sha256(state));
        if (taken.isEmpty()) {
            audit.append("invitation", null, null, "invitation-refused", "a consent answer with an unknown or already used state was refused", null);
            throw new Refused(410, "this consent was completed or abandoned already; open your invitation link again");
        }
        Invitation invitation = taken.get();
        boolean sameBrowser = token != null && invitations.byToken(sha256(token)).filter(i -> i.id() == invitation.id()).isPresent();
        if (!sameBrowser) {
            refuse(invitation, "the consent came back to a browser that did not start it");
            throw new Refused(403, "this consent was started in another browser; open your invitation link again in this one");
        }
        String spent = invitation.spent(clock.instant());
        if (spent != null) {
            refuse(invitation, spent);
            throw new Refused(410, spent);
        }
        ConsentFlow.Grant grant;
        try {
            grant = flow(invitation.kind()).complete(app(invitation.kind()), settings.callback(), callback, inputs == null ? Map.of() : inputs);
        } catch (RuntimeException e) {
            refuse(invitation, "the CRM's consent failed: " + e.getMessage());
            throw new Refused(502, e.getMessage());
        }
        List<String> others = invitations.otherPartners(grant.identity(), invitation.partner());
        if (!others.isEmpty()) {
            refuse(invitation, grant.label() + " is connected for another partner");
            throw new Refused(409, grant.label() + " is connected for another partner already; sign in to your own company's CRM");
        }
        if (!invitations.consented(invitation.id(), grant.identity())) {
            throw new Refused(409, "this invitation was consented meanwhile");
        }
        String actor = actor(invitation);
        boolean pausedBefore = pauses.isPaused(invitation.connection());
        pauses.pause(invitation.connection(), actor, "waiting for the partner's admin to go live");
        Map<String, Object> definition = merge(read(invitation.settings()), grant.definition());
        definition.put("type", invitation.kind());
        definition.put("partner", invitation.partner());
        definition.put("entities", invitation.entities());
        try {
            if (connections.find(invitation.connection()).filter(c -> c.state().equals("live")).isPresent()) {
                connections.change(invitation.connection(), definition, grant.secrets(), actor);
            } else {
                connections.create(invitation.connection(), definition, grant.secrets(), actor);
            }
        } catch (StoredConnections.Refused e) {
            if (!pausedBefore) {
                pauses.resume(invitation.connection()); // nothing came of it: no pause left behind
            }
            refuse(invitation, e.getMessage());
            throw new Refused(e.conflict() ? 409 : 400, e.getMessage());
        }
        audit.append(actor, null, null, "invitation-consented", "invitation " + invitation.id() + ": " + grant.label() + " consented; connection "
                + invitation.connection() + " stored, paused until the partner goes live", null);
        log.info("Invitation {}: partner {} connected {} as {} (paused until live)", invitation.id(), invitation.partner(), grant.label(),
                invitation.connection());
        return invitations.find(invitation.id()).orElseThrow();
    }

    /** {@code validate --online} for the connected CRM: what to create before going live; empty when all is there. */
    public List<Problem> check(String token) {
        Invitation invitation = consentedOnly(token);
        ConnectorProperties connector = connector(invitation);
        List<Mapping> used = connector.entities().stream().map(e -> mappings.mapping(connector.name(), e)).toList();
        List<Problem> problems = kinds.of(connector).schemaCheck().map(c -> c.check(connector, used)).orElse(List.of());
        audit.append(actor(invitation), null, null, "invitation-checked", "invitation " + invitation.id() + ": online check, "
                + (problems.isEmpty() ? "nothing missing" : problems.size() + " to create or change"), null);
        return problems;
    }

    /**
     * Reads one record of the first entity from the connected CRM and maps it, as a poll would; writes
     * nothing anywhere. A record that cannot be mapped is shown with the reason.
     */
    public TestRead test(String token) {
        Invitation invitation = consentedOnly(token);
        ConnectorProperties connector = connector(invitation);
        TestRead result = null;
        SourceReader reader = kinds.of(connector).reader();
        for (EntityType entity : connector.entities()) {
            Mapping mapping = mappings.mapping(connector.name(), entity);
            List<Map<String, Object>> records;
            try {
                records = reader.read(connector, mapping, SourceReader.Position.from(Instant.EPOCH)).records();
            } catch (RuntimeException e) {
                result = new TestRead(entity.key(), null, Map.of(), "reading " + mapping.object() + " failed: " + e.getMessage());
                break;
            }
            if (records.isEmpty()) {
                continue;
            }
            try {
                MappedRecord mapped = RecordMapper.map(mapping, records.get(0));
                result = new TestRead(entity.key(), mapped.externalId(), new java.util.TreeMap<>(mapped.fields()), "read and mapped");
            } catch (RuntimeException e) {
                result = new TestRead(entity.key(), String.valueOf(records.get(0).get(mapping.idPath())), Map.of(),
                        "read, but it cannot be taken in: " + e.getMessage());
            }
            break;
        }
        if (result == null) {
            result = new TestRead(null, null, Map.of(), "your CRM holds no " + connector.entities().stream().map(EntityType::key).toList()
                    + " yet; the first you create after going live will sync");
        }
        audit.append(actor(invitation), null, null, "invitation-tested", "invitation " + invitation.id() + ": test read, " + result.message()
                + (result.entity() == null ? "" : " (" + result.entity() + " " + result.externalId() + ")"), null);
        return result;
    }

    /** The connection starts working; the link is used up. */
    public Invitation goLive(String token) {
        Invitation invitation = consentedOnly(token);
        if (!invitations.live(invitation.id())) {
            throw new Refused(410, "this invitation cannot be used any more");
        }
        pauses.resume(invitation.connection());
        audit.append(actor(invitation), null, null, "invitation-live", "invitation " + invitation.id() + ": connection " + invitation.connection()
                + " of partner " + invitation.partner() + " is live", null);
        return invitations.find(invitation.id()).orElseThrow();
    }

    /** The invitation behind a token whose link still works. */
    public Invitation usable(String token) {
        Invitation invitation = (token == null ? Optional.<Invitation>empty() : invitations.byToken(sha256(token)))
                .orElseThrow(() -> new Refused(404, "this invitation link is not known; ask the vendor for a new one"));
        String spent = invitation.spent(clock.instant());
        if (spent != null) {
            refuse(invitation, spent);
            throw new Refused(410, spent);
        }
        return invitation;
    }

    private Invitation consentedOnly(String token) {
        Invitation invitation = usable(token);
        if (invitation.consentedAt() == null) {
            throw new Refused(409, "connect your CRM first");
        }
        return invitation;
    }

    private ConnectorProperties connector(Invitation invitation) {
        return connectors.find(invitation.connection())
                .orElseThrow(() -> new Refused(409, "connection " + invitation.connection() + " was removed; ask the vendor for a new invitation"));
    }

    private void refuse(Invitation invitation, String reason) {
        audit.append(actor(invitation), null, null, "invitation-refused", "invitation " + invitation.id() + " of partner " + invitation.partner()
                + ": " + reason, null);
    }

    private static String actor(Invitation invitation) {
        return "invitation:" + invitation.id();
    }

    private static List<EntityType> entities(Invitation invitation) {
        return invitation.entities().stream().map(e -> EntityType.fromKey(e).orElseThrow()).toList();
    }

    private ConsentFlow flow(String kind) {
        return kinds.find(kind).flatMap(ConnectorKind::consent).orElseThrow(() -> new Refused(400, "a " + kind + " CRM cannot be connected by consent"));
    }

    /** The vendor's app with that CRM, its id and secret from the environment. */
    private ConsentFlow.App app(String kind) {
        ConnectSettings.App app = settings.apps().get(kind);
        String key = "partnersync.connect.apps." + kind;
        if (app == null || app.clientIdEnv() == null || app.clientSecretEnv() == null) {
            throw new Refused(400, "partners cannot connect a " + kind + " CRM yet: set " + key + ".client-id-env and " + key
                    + ".client-secret-env to the environment variables holding your " + kind + " app's client id and secret");
        }
        String id = environment.getProperty(app.clientIdEnv());
        String secret = environment.getProperty(app.clientSecretEnv());
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new Refused(400, "the environment variables " + app.clientIdEnv() + " and " + app.clientSecretEnv() + " (" + key
                    + ".client-id-env, .client-secret-env) must both be set");
        }
        return new ConsentFlow.App(id, secret, app.authorizeUrl(), app.apiUrl(), app.localSandbox(), app.scopes());
    }

    private ConnectorProperties definitionOf(String name, String partner, String kind, List<EntityType> entities, Map<String, Object> extra) {
        Map<String, Object> definition = new LinkedHashMap<>(extra);
        definition.put("type", kind);
        definition.put("partner", partner);
        definition.put("entities", entities.stream().map(EntityType::key).toList());
        return io.partnersync.config.ConnectionDefinitions.bind(name, definition, kinds.all());
    }

    /** {@code over} laid over {@code base}, block by block: a kind's block keeps the keys of both. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        over.forEach((key, value) -> {
            if (value instanceof Map<?, ?> block && merged.get(key) instanceof Map<?, ?> under) {
                merged.put(key, merge((Map<String, Object>) under, (Map<String, Object>) block));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private String write(Map<String, Object> settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused(400, "key 'settings': expected JSON values");
        }
    }

    private static Map<String, Object> read(String settings) {
        try {
            return JSON.readValue(settings == null ? "{}" : settings, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("invitation settings are not JSON", e);
        }
    }

    private URI link(String token) {
        return URI.create(settings.publicUrl().toString().replaceAll("/+$", "") + "/connect/" + token);
    }

    /** A fresh random token (link or state), URL-safe. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
