package io.partnersync.config;

import io.partnersync.config.ConnectorProperties.ConnectorRole;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;
import io.partnersync.sync.spi.ConnectorKind;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The rules across connectors that single-field annotations cannot state: unique names, one
 * vendor, a partner connector names its partner and a vendor connector does not, acceptable base
 * URLs, secret variables that are set. Runs when the application context starts together with the
 * rest of {@link ConfigurationCheck} (unknown keys), so a bad file never reaches a route; every
 * problem is reported at once.
 */
@Component
class ConnectorConfigurationValidator implements BeanFactoryPostProcessor,
        EnvironmentAware {

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    /** Before any bean is made: so every problem is reported together, whichever bean would bind the settings first. */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // the kinds are made this early for their keys and settings types: they take their parts lazily
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<ConnectorKind<?>> kinds = (List) beanFactory.getBeanProvider(ConnectorKind.class).stream().toList();
        List<ConfigurationCheck.Problem> problems = ConfigurationCheck.check(environment, kinds);
        if (!problems.isEmpty()) {
            throw new ApplicationContextException("PartnerSync configuration is invalid", InvalidConfigurationException.of(problems));
        }
    }

    static List<ConfigurationCheck.Problem> problems(List<ConnectorProperties> connectors, ConfigurableEnvironment environment) {
        List<ConfigurationCheck.Problem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int vendors = 0;
        for (int i = 0; i < connectors.size(); i++) {
            ConnectorProperties connector = connectors.get(i);
            String prefix = "partnersync.connectors[" + i + "].";
            if (connector.name() != null && !names.add(connector.name())) {
                problems.add(refuse(environment, prefix + "name", "a unique connector name; '" + connector.name() + "' is used twice"));
            }
            boolean hasPartner = connector.partner() != null && !connector.partner().isBlank();
            if (connector.role() == ConnectorRole.PARTNER && !hasPartner) {
                problems.add(refuse(environment, prefix + "partner", "the key of the partner this partner connector belongs to"));
            }
            if (connector.role() == ConnectorRole.VENDOR) {
                if (hasPartner) {
                    problems.add(refuse(environment, prefix + "partner", "no partner on a vendor connector"));
                }
                if (++vendors > 1) {
                    problems.add(refuse(environment, prefix + "role", "at most one vendor connector"));
                }
            }
            String refusal = baseUrlRefusal(connector);
            if (refusal != null) {
                problems.add(refuse(environment, prefix + "base-url", refusal));
            }
            for (var secret : connector.secretEnv().entrySet()) {
                if (!secret.getValue().matches("[A-Z_][A-Z0-9_]*")) {
                    problems.add(refuse(environment, prefix + "secret-env." + secret.getKey(),
                            "the NAME of an environment variable (upper-case letters, digits, '_'), not the secret itself"));
                    continue;
                }
                String value = environment.getProperty(secret.getValue());
                if (connector.enabled() && (value == null || value.isBlank())) {
                    // refused now rather than at the first call: a connector without its credentials never works
                    problems.add(refuse(environment, prefix + "secret-env." + secret.getKey(), "the environment variable " + secret.getValue()
                            + " to be set (it holds this connector's " + secret.getKey() + "); it is not"));
                }
            }
        }
        return problems;
    }

    /**
     * Credentials go only where they belong: https, to a public address. A loopback, private,
     * link-local or cloud-metadata address (169.254.169.254) is refused unless the connector is a
     * {@code local-sandbox}, so a mistyped or planted URL cannot send a token into the local network.
     * Only literal addresses and {@code localhost} are judged here: names resolve at call time.
     */
    static String baseUrlRefusal(ConnectorProperties connector) {
        URI url = connector.baseUrl();
        if (url == null || connector.localSandbox()) {
            return null;
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            return "an https URL (" + url + " is " + url.getScheme() + "); for a local stand-in set local-sandbox: true";
        }
        String host = url.getHost() == null ? "" : url.getHost().replace("[", "").replace("]", "");
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        if (host.equalsIgnoreCase("localhost") || host.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return "a public address, not " + host + "; for a local stand-in set local-sandbox: true";
        }
        if (literal) {
            try {
                InetAddress address = InetAddress.getByName(host);
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                        || address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc) {
                    return "a public address, not the loopback, private or link-local " + host
                            + " (169.254.169.254 is a cloud's metadata service); for a local stand-in set local-sandbox: true";
                }
            } catch (UnknownHostException e) {
                return "a valid address, not " + host;
            }
        }
        return null;
    }

    /** Names where the key was set, or, for a missing key, where its connector was declared. */
    private static ConfigurationCheck.Problem refuse(ConfigurableEnvironment environment, String key, String expected) {
        String connector = key.substring(0, key.lastIndexOf('.') + 1);
        String origin = InvalidConfigurationException.originOf(environment, key);
        if (origin == null) {
            origin = InvalidConfigurationException.originOf(environment, connector + "name");
        }
        return new ConfigurationCheck.Problem(origin == null ? "configuration" : origin, key, "expected " + expected);
    }
}
