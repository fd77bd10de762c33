package io.partnersync.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox ({@code partnersync.sandbox}, read only with the {@code sandbox} profile): where its
 * simulated CRMs listen, where its own store lives, and how late their searches see a write.
 *
 * @param ports loopback ports of the simulated Salesforce org and the two partner portals; 0 takes any free one
 * @param dataDir the sandbox's own embedded PostgreSQL lives in {@code <dataDir>/postgres}, emptied at every start
 *                (the simulators keep their records in memory, so store and CRMs start over together)
 * @param visibilityLag how long after a write the simulators' queries and searches see it, as real CRMs' indexes lag
 */
@ConfigurationProperties("partnersync.sandbox")
public record SandboxSettings(@DefaultValue Ports ports, @DefaultValue("data/sandbox") Path dataDir, @DefaultValue("PT1S") Duration visibilityLag) {

    public record Ports(@DefaultValue("8091") int salesforce, @DefaultValue("8092") int acme, @DefaultValue("8093") int globex) {
    }
}
