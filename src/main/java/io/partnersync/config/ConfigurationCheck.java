package io.partnersync.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import io.partnersync.sync.spi.ConnectorKind;
import com.google.common.base.Throwables;
import io.partnersync.distribution.DistributionSettings;
import io.partnersync.payout.PayoutSettings;
import io.partnersync.registration.RegistrationSettings;
import io.partnersync.sandbox.SandboxSettings;
import io.partnersync.security.SecuritySettings;
import jakarta.validation.Validation;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.HashMap;
import java.util.HashSet;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Every problem of the {@code partnersync.*} settings at once, each by where (file and line), key
 * and what was expected: values that do not convert (an enum in the configuration's own words),
 * keys no setting reads ({@code poll-intervall}), and the rules across connectors
 * ({@link ConnectorConfigurationValidator}). Reads only the environment: no database, no CRM.
 *
 * <p>Unknown keys are found by binding each settings class with a handler that records every key
 * the binder consumed; a key in a configuration file or on the command line that none consumed and
 * that no {@code @Value} or route placeholder reads ({@link #READ_ELSEWHERE}) is unknown.
 * Environment variables are not judged: the process has many that are not PartnerSync's.
 */
public final class ConfigurationCheck {

    /** One problem: where (a file and line, or "configuration"), which key, what was expected. */
    public record Problem(String where, String key, String expected) {
        @Override
        public String toString() {
            return where + ": " + (key.isEmpty() ? "" : "key '" + key + "': ") + expected;
        }

        static Problem of(InvalidConfigurationException e) {
            return new Problem(e.source(), e.key(), e.expected());
        }
    }

    /** The settings classes and their prefixes. */
    private static final Map<String, Class<?>> SETTINGS = Map.of(
            "partnersync", PartnerSyncProperties.class,
            "partnersync.security", SecuritySettings.class,
            "partnersync.governance.registration", RegistrationSettings.class,
            "partnersync.distribution", DistributionSettings.class,
            "partnersync.payouts", PayoutSettings.class,
            "partnersync.sandbox", SandboxSettings.class,
            "partnersync.connect", io.partnersync.connection.ConnectSettings.class,
            "partnersync.vendor-budget", io.partnersync.sync.VendorBudgetSettings.class);

    /** Keys read by {@code @Value}, {@code @ConditionalOnProperty} or a route's {@code {{placeholder}}}, not by a settings class. */
    static final Set<String> READ_ELSEWHERE = Set.of(
            "partnersync.poll.enabled", "partnersync.poll.period", "partnersync.poll.initial-delay",
            "partnersync.relay.enabled", "partnersync.relay.period", "partnersync.relay.initial-delay",
            "partnersync.reference-retry.enabled", "partnersync.start-checks.enabled",
            "partnersync.alerts.webhook-url-env", "partnersync.alerts.quota-share", "partnersync.alerts.failures-threshold",
            "partnersync.alerts.check-interval", "partnersync.secrets.key-env", "partnersync.security.initial-password-file",
            "partnersync.connections.refresh");

    private static final Validator VALIDATOR = new SpringValidatorAdapter(
            Validation.byDefaultProvider().configure()
                    .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator());

    private ConfigurationCheck() {
    }

    /**
     * The settings' problems: values, unknown keys and the rules across connectors; empty when all
     * is well. Each connector's block of its kind (the key named after the kind, {@code <type>:}) is
     * checked against that kind's settings record.
     */
    public static List<Problem> check(ConfigurableEnvironment environment, Collection<? extends ConnectorKind<?>> kinds) {
        TRIED.remove();
        List<Problem> problems = new ArrayList<>();
        List<ConfigurationPropertyName> consumed = new ArrayList<>();
        List<ConfigurationPropertyName> leaves = new ArrayList<>();
        Binder binder = Binder.get(environment);
        PartnerSyncProperties properties = null;
        for (var settings : SETTINGS.entrySet()) {
            if (bind(environment, binder, settings.getKey(), settings.getValue(), consumed, leaves, problems) instanceof PartnerSyncProperties partnersync) {
                properties = partnersync;
            }
        }
        if (properties != null) {
            for (int i = 0; i < properties.connectors().size(); i++) {
                ConnectorProperties connector = properties.connectors().get(i);
                if (connector.type() == null) {
                    continue;
                }
                String prefix = "partnersync.connectors[" + i + "]";
                var kind = kinds.stream().filter(k -> k.key().equals(connector.type())).findFirst();
                if (kind.isPresent()) {
                    bind(environment, binder, prefix + "." + kind.get().key(), kind.get().settingsType(), consumed, leaves, problems);
                } else {
                    String where = InvalidConfigurationException.originOf(environment, prefix + ".type");
                    problems.add(new Problem(where == null ? "configuration" : where, prefix + ".type", "expected one of the connector kinds "
                            + kinds.stream().map(ConnectorKind::key).sorted().collect(Collectors.joining(", ")) + ", not '" + connector.type() + "'"));
                }
            }
        }
        List<ConfigurationPropertyName> candidates = new ArrayList<>(TRIED.get());
        TRIED.remove();
        Set<String> elsewhere = new HashSet<>(READ_ELSEWHERE);
        kinds.forEach(kind -> elsewhere.addAll(kind.globalSettings()));
        problems.addAll(unknownKeys(environment, consumed, leaves, candidates, elsewhere));
        if (properties != null) {
            problems.addAll(ConnectorConfigurationValidator.problems(properties.connectors(), environment));
        }
        return problems;
    }

    /** Binds one settings class at {@code prefix}, recording what it consumed and every problem; returns what was bound, or {@code null}. */
    private static Object bind(ConfigurableEnvironment environment, Binder binder, String prefix, Class<?> type, List<ConfigurationPropertyName> consumed,
                               List<ConfigurationPropertyName> leaves, List<Problem> problems) {
        Recording handler = new Recording(consumed, leaves, problems);
        try {
            return binder.bindOrCreate(prefix, Bindable.of(type),
                    new ValidationBindHandler(handler, VALIDATOR));
        } catch (BindException e) {
            if (e.getCause() instanceof BindValidationException invalid) {
                for (var error : invalid.getValidationErrors()) {
                    String key = error instanceof FieldError field
                            ? invalid.getValidationErrors().getName() + "." + field.getField() : invalid.getValidationErrors().getName().toString();
                    String where = InvalidConfigurationException.originOf(environment, key);
                    if (problems.stream().anyMatch(p -> p.key().equals(key))) {
                        continue; // its value did not convert: already reported
                    }
                    problems.add(new Problem(where == null ? "configuration" : where, key, "expected a value that " + error.getDefaultMessage()));
                }
            } else if (handler.failures == 0) {
                problems.add(new Problem("configuration", prefix, "expected valid settings: " + rootMessage(e)));
            }
        } catch (RuntimeException e) {
            if (handler.failures == 0) {
                problems.add(new Problem("configuration", prefix, "expected valid settings: " + rootMessage(e)));
            }
        }
        return null;
    }

    /** Keys set in a file or on the command line under {@code partnersync.} that no setting reads. */
    static List<Problem> unknownKeys(ConfigurableEnvironment environment, List<ConfigurationPropertyName> consumed,
                                     List<ConfigurationPropertyName> leaves, List<ConfigurationPropertyName> candidates, Set<String> readElsewhere) {
        Set<ConfigurationPropertyName> elsewhere = readElsewhere.stream().map(ConfigurationPropertyName::of).collect(Collectors.toSet());
        ConfigurationPropertyName root = ConfigurationPropertyName.of("partnersync");
        List<Problem> problems = new ArrayList<>();
        Set<ConfigurationPropertyName> seen = new HashSet<>();
        // A list set in a source of higher priority replaces the whole list of a lower one (Spring Boot
        // does not merge lists), so the lower one's items are not read, and not wrong: the winner of each list.
        Map<ConfigurationPropertyName, PropertySource<?>> listWinners = new HashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            for (var configurationSource : ConfigurationPropertySources.from(source)) {
                if (configurationSource instanceof IterableConfigurationPropertySource iterable) {
                    iterable.stream().filter(root::isAncestorOf).forEach(name -> {
                        listWinners.putIfAbsent(name, source); // a list may be set as one value: "a,b"
                        for (int i = 1; i < name.getNumberOfElements(); i++) {
                            if (name.isNumericIndex(i)) {
                                listWinners.putIfAbsent(name.chop(i), source);
                            }
                        }
                    });
                }
            }
        }
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!judged(source)) {
                continue;
            }
            for (var configurationSource : ConfigurationPropertySources.from(source)) {
                if (!(configurationSource instanceof IterableConfigurationPropertySource iterable)) {
                    continue;
                }
                iterable.stream().filter(root::isAncestorOf).filter(name -> readFrom(name, source, listWinners)).filter(seen::add).sorted().forEach(name -> {
                    boolean known = consumed.contains(name) || elsewhere.contains(name)
                            || leaves.stream().anyMatch(leaf -> leaf.isAncestorOf(name));
                    if (!known) {
                        ConfigurationProperty property = iterable.getConfigurationProperty(name);
                        String where = property != null && property.getOrigin() != null ? property.getOrigin().toString() : source.getName();
                        problems.add(new Problem(where, name.toString(), "expected a known setting; no setting of PartnerSync is named '"
                                + name.getLastElement(ConfigurationPropertyName.Form.ORIGINAL) + "' here" + suggestion(name, candidates)));
                    }
                });
            }
        }
        return problems;
    }

    /** Whether the lists {@code name} is an item of are read from {@code source}, not replaced by a source of higher priority. */
    private static boolean readFrom(ConfigurationPropertyName name, PropertySource<?> source, Map<ConfigurationPropertyName, PropertySource<?>> winners) {
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            if (name.isNumericIndex(i)) {
                PropertySource<?> winner = winners.get(name.chop(i));
                if (winner != null && winner != source) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Configuration files, the command line and a stored connection's definition
     * ({@link ConnectionDefinitions}); not environment variables or system properties, nor the
     * defaults in the jar.
     */
    private static boolean judged(PropertySource<?> source) {
        String name = source.getName();
        return name.equals("commandLineArgs") || name.startsWith(ConnectionDefinitions.SOURCE) || name.startsWith("Config resource") && !name.contains("class path resource [application.yml]");
    }

    private static String suggestion(ConfigurationPropertyName name, List<ConfigurationPropertyName> consumed) {
        String last = name.getLastElement(ConfigurationPropertyName.Form.UNIFORM);
        return consumed.stream().filter(c -> c.getNumberOfElements() == name.getNumberOfElements() && name.getParent().equals(c.getParent()))
                .map(c -> c.getLastElement(ConfigurationPropertyName.Form.DASHED))
                .filter(candidate -> distance(candidate.replace("-", ""), last) <= 2)
                .findFirst().map(candidate -> " (did you mean '" + candidate + "'?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.length()];
    }

    private static String rootMessage(Throwable e) {
        return Throwables.getRootCause(e).getMessage();
    }

    /** Options of an enum as the configuration writes them: {@code private-app, oauth}. */
    static String options(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }

    private static final ThreadLocal<Set<ConfigurationPropertyName>> TRIED = ThreadLocal.withInitial(HashSet::new);

    /** Records what the binder consumed, and keeps each value that does not convert as a problem instead of stopping. */
    private static final class Recording extends AbstractBindHandler {
        private final List<ConfigurationPropertyName> consumed;
        private final List<ConfigurationPropertyName> leaves;
        private final List<Problem> problems;
        private int failures;

        Recording(List<ConfigurationPropertyName> consumed, List<ConfigurationPropertyName> leaves, List<Problem> problems) {
            this.consumed = consumed;
            this.leaves = leaves;
            this.problems = problems;
        }

        /** Every name the binder tried, present or not: the candidates for "did you mean". */
        @Override
        public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
            TRIED.get().add(name);
            return super.onStart(name, target, context);
        }

        @Override
        public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
            consumed.add(name);
            Class<?> type = target.getType().resolve(Object.class);
            if (isValue(type) || Map.class.isAssignableFrom(type) && isValue(target.getType().resolveGeneric(1))
                    || Collection.class.isAssignableFrom(type) && isValue(target.getType().resolveGeneric(0))) {
                leaves.add(name); // its children (a map's keys, a list's items) belong to it
            }
            return super.onSuccess(name, target, context, result);
        }

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) throws Exception {
            if (error instanceof BindValidationException) {
                throw error; // reported field by field by check()
            }
            failures++;
            consumed.add(name);
            ConfigurationProperty property = context.getConfigurationProperty();
            String where = property != null && property.getOrigin() != null ? property.getOrigin().toString() : "configuration";
            Object value = property == null ? null : property.getValue();
            ConversionFailedException conversion = find(error, ConversionFailedException.class);
            Class<?> type = target.getType().resolve(Object.class);
            if (type.isEnum()) {
                problems.add(new Problem(where, name.toString(), "expected one of " + options(type) + ", not '" + value + "'"));
            } else if (conversion != null) {
                problems.add(new Problem(where, name.toString(), "expected a " + words(type) + ", not '" + value + "'"));
            } else {
                problems.add(new Problem(where, name.toString(), "expected a valid value: " + rootMessage(error)));
            }
            return null; // binds the default instead, so that the binder goes on and reports every problem
        }

        private static String words(Class<?> type) {
            if (type == Duration.class) {
                return "duration such as PT15M or 15m";
            }
            if (type == URI.class) {
                return "URL";
            }
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return "whole number";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "true or false";
            }
            return type.getSimpleName().toLowerCase(Locale.ROOT);
        }

        private static boolean isValue(Class<?> type) {
            return type != null && (BeanUtils.isSimpleValueType(type) || type == Duration.class || type == Period.class
                    || type == Path.class || type == BigDecimal.class || type == Object.class);
        }

        private static <T extends Throwable> T find(Throwable error, Class<T> type) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return type.cast(t);
                }
            }
            return null;
        }
    }
}
