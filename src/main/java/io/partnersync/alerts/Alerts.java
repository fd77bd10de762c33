package io.partnersync.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.ApiQuota;
import io.partnersync.sync.ConnectorFailures;
import io.partnersync.sync.ConnectorStates;
import io.partnersync.store.SyncFailureRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a chat channel when something needs a person: a connector starts failing or is stopped, is
 * paused, passes {@code partnersync.alerts.quota-share} of its CRM's API quota, or has
 * {@code partnersync.alerts.failures-threshold} open failures or more; and again when that clears.
 * The message is Slack-compatible JSON ({@code {"text": "..."}}, which Slack, Mattermost, Rocket.Chat
 * and Teams workflows accept) POSTed to the URL in the environment variable named by
 * {@code partnersync.alerts.webhook-url-env} (a webhook URL is a secret: it is never logged).
 *
 * <p>A db-scheduler task checks every {@code partnersync.alerts.check-interval} on one instance at a
 * time; what was sent is kept in {@code alert_raised}, so each start and each end is sent once,
 * across instances and restarts. A message that cannot be delivered is tried again at the next check.
 */
@Component
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final Connectors connectors;
    private final ConnectorStates states;
    private final ConnectorFailures activities;
    private final SyncFailureRepository failures;
    private final List<ApiQuota.Source> quotas;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String urlVariable;
    private final Environment environment;
    private final double quotaShare;
    private final io.partnersync.sync.VendorBudget budget;
    private final long failuresThreshold;
    /** Longer than a send can take (10 s connect, 10 s answer): a claim this old belongs to a sender that died. */
    private static final String CLAIM = "2 minutes";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Alerts(Connectors connectors, ConnectorStates states, ConnectorFailures activities, SyncFailureRepository failures,
           List<ApiQuota.Source> quotas, JdbcTemplate jdbc, ObjectMapper json, Environment environment,
           @Value("${partnersync.alerts.webhook-url-env:}") String urlVariable,
           @Value("${partnersync.alerts.quota-share:0.8}") double quotaShare,
           @Value("${partnersync.alerts.failures-threshold:100}") long failuresThreshold, io.partnersync.sync.VendorBudget budget) {
        this.budget = budget;
        this.connectors = connectors;
        this.states = states;
        this.activities = activities;
        this.failures = failures;
        this.quotas = quotas;
        this.jdbc = jdbc;
        this.json = json;
        this.environment = environment;
        this.urlVariable = urlVariable;
        this.quotaShare = quotaShare;
        this.failuresThreshold = failuresThreshold;
    }

    @Bean
    static RecurringTask<Void> alertsCheck(Alerts alerts, @Value("${partnersync.alerts.check-interval:PT1M}") Duration interval) {
        return Tasks.recurring("alerts", FixedDelay.of(interval)).execute((instance, context) -> alerts.check());
    }

    /**
     * Sends what started and what cleared since the last check; returns how many messages this call
     * sent. Safe to call concurrently, here and on other instances: each message is claimed in
     * {@code alert_raised} before it is sent, and only the claimer sends it.
     */
    public int check() {
        String url = urlVariable.isBlank() ? null : environment.getProperty(urlVariable);
        if (url == null || url.isBlank()) {
            return 0;
        }
        Map<String, String> now = conditions();
        // a start whose sender died before it was delivered (a lapsed 'raising' claim) is claimed again below
        Map<String, String> raised = new LinkedHashMap<>();
        jdbc.query("select condition, message from alert_raised where state <> 'raising' or claimed_until >= now()", rs -> {
            raised.put(rs.getString(1), rs.getString(2));
        });
        jdbc.update("delete from alert_raised where state = 'raising' and claimed_until < now() and not condition = any(?)",
                (Object) now.keySet().toArray(String[]::new));
        int sent = 0;
        for (var condition : now.entrySet()) {
            if (!raised.containsKey(condition.getKey()) && claimRaise(condition.getKey(), condition.getValue())) {
                if (send(url, ":rotating_light: PartnerSync: " + condition.getValue())) {
                    jdbc.update("update alert_raised set state = 'sent', claimed_until = null where condition = ? and state = 'raising'", condition.getKey());
                    sent++;
                } else {
                    jdbc.update("delete from alert_raised where condition = ? and state = 'raising'", condition.getKey());
                }
            }
        }
        for (var old : raised.entrySet()) {
            if (!now.containsKey(old.getKey()) && claimClear(old.getKey())) {
                if (send(url, ":white_check_mark: PartnerSync: resolved: " + old.getValue())) {
                    jdbc.update("delete from alert_raised where condition = ? and state = 'clearing'", old.getKey());
                    sent++;
                } else {
                    jdbc.update("update alert_raised set state = 'sent', claimed_until = null where condition = ? and state = 'clearing'", old.getKey());
                }
            }
        }
        return sent;
    }

    /** True for the one caller that may send this condition's start: a new row, or a lapsed claim of a sender that died. */
    private boolean claimRaise(String condition, String message) {
        return jdbc.update("""
                insert into alert_raised (condition, message, state, claimed_until) values (?, ?, 'raising', now() + ?::interval)
                on conflict (condition) do update set message = excluded.message, claimed_until = excluded.claimed_until
                where alert_raised.state = 'raising' and alert_raised.claimed_until < now()""", condition, message, CLAIM) == 1;
    }

    /** True for the one caller that may send this condition's end. */
    private boolean claimClear(String condition) {
        return jdbc.update("""
                update alert_raised set state = 'clearing', claimed_until = now() + ?::interval
                where condition = ? and (state = 'sent' or (state = 'clearing' and claimed_until < now()))""", CLAIM, condition) == 1;
    }

    /** What needs a person now, by condition key, with its message. */
    private Map<String, String> conditions() {
        Map<String, String> conditions = new LinkedHashMap<>();
        for (ConnectorProperties connector : connectors.all()) {
            String name = connector.name();
            var failing = activities.open(name);
            long open = failures.countOpen(name);
            ConnectorStates.Status status = states.status(connector, failing, open);
            switch (status) {
                case FAILING -> conditions.put("failing:" + name, "connector " + name + " is failing: "
                        + (failing.isEmpty() ? states.get(name).map(ConnectorStates.State::summary).orElse("see its health")
                        : failing.get(0).reason() + " (" + failing.get(0).category().name().toLowerCase(Locale.ROOT) + ")"));
                case STOPPED -> conditions.put("failing:" + name, "connector " + name + " is stopped: "
                        + states.get(name).map(ConnectorStates.State::summary).orElse(""));
                case PAUSED -> conditions.put("paused:" + name, "connector " + name + " is paused"
                        + states.pause(name).map(p -> " by " + p.by() + (p.reason() == null || p.reason().isBlank() ? "" : ": " + p.reason())).orElse(""));
                default -> { }
            }
            quotas.stream().map(q -> q.quota(name)).flatMap(Optional::stream).findFirst()
                    .filter(q -> q.share() >= quotaShare)
                    .ifPresent(q -> conditions.put("quota:" + name, String.format(Locale.ROOT, "connector %s has used %d of its %d API calls per %s (%.0f%%)",
                            name, q.used(), q.limit(), q.window(), q.share() * 100)));
            if (open >= failuresThreshold) {
                conditions.put("failures:" + name, "connector " + name + " has " + open + " open sync failures (see the sync health page)");
            }
        }
        budget.vendor().ifPresent(vendor -> {
            if (vendor.exhausted()) {
                conditions.put("budget:" + vendor.target(), String.format(Locale.ROOT,
                        "the vendor CRM %s used %d of its %d daily API calls: partners' changes wait so that the %.0f%% reserve stays for the vendor's own tools",
                        vendor.target(), vendor.used(), vendor.allowed(), vendor.reserve() * 100));
            }
            vendor.partners().stream().filter(p -> p.held() && !vendor.exhausted()).forEach(p -> conditions.put("budget:" + vendor.target() + ":" + p.partner(),
                    "partner " + p.partner() + " is held to its share of " + vendor.target() + "'s API allowance: " + p.reason()));
        });
        return conditions;
    }

    private boolean send(String url, String text) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("text", text)))).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 == 2) {
                return true;
            }
            log.warn("The alert webhook (from {}) answered {}; the alert is sent again at the next check", urlVariable, answer.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("The alert webhook (from {}) could not be reached ({}); the alert is sent again at the next check", urlVariable, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
