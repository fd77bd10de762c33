package io.partnersync.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox ({@code partnersync.sandbox}, read only with the {@code sandbox} profile): which
 * simulated CRMs it runs and where they listen, where its own store lives, and how late their
 * searches see a write. {@code application-sandbox.yml} names the CRMs.
 *
 * @param vendor the vendor's simulated CRM
 * @param partners each partner's simulated CRM, by partner key (the story plays {@code acme} and {@code globex})
 * @param dataDir the sandbox's own embedded PostgreSQL lives in {@code <dataDir>/postgres}, emptied at every start
 *                (the simulators keep their records in memory, so store and CRMs start over together)
 * @param visibilityLag how long after a write the simulators' queries and searches see it, as real CRMs' indexes lag
 */
@ConfigurationProperties("partnersync.sandbox")
public record SandboxSettings(Crm vendor, @DefaultValue Map<String, Crm> partners, @DefaultValue("data/sandbox") Path dataDir,
                              @DefaultValue("PT1S") Duration visibilityLag) {

    /**
     * @param kind the connector kind the CRM simulates
     * @param port its loopback port; 0 takes any free one
     */
    public record Crm(String kind, @DefaultValue("0") int port) {
    }
}
