package io.partnersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersync.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

@DisplayName("The sandbox's guards")
class SandboxInitializerTest {

    @TempDir
    Path folder;

    @Test
    @DisplayName("without the sandbox profile nothing starts and no folder is touched")
    void offWithoutTheProfile() throws Exception {
        GenericApplicationContext context = context(new MockEnvironment().withProperty("partnersync.sandbox.data-dir", folder.resolve("s").toString()));
        new SandboxInitializer().initialize(context);
        assertThat(context.getBeanFactory().containsSingleton("sandbox")).isFalse();
        assertThat(Files.exists(folder.resolve("s"))).isFalse();
    }

    @Test
    @DisplayName("with a database configured (a production deployment with the profile set by mistake) it refuses to start, naming the profile")
    void refusesARealDatabase() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db.internal:5432/partnersync");
        environment.setActiveProfiles("sandbox");
        assertThatThrownBy(() -> new SandboxInitializer().initialize(context(environment))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("spring.profiles.active").hasMessageContaining("spring.datasource.url is set");
    }

    @Test
    @DisplayName("it empties only a folder it made itself; another folder with files in it is refused, and left as it was")
    void emptiesOnlyItsOwnFolder() throws Exception {
        Path own = folder.resolve("own");
        Path store = SandboxInitializer.fresh(own);
        Files.createDirectories(store);
        Files.writeString(store.resolve("PG_VERSION"), "14");
        assertThat(SandboxInitializer.fresh(own)).isEqualTo(store);
        assertThat(Files.exists(store)).as("an earlier run's store is gone").isFalse();

        Path foreign = folder.resolve("foreign");
        Files.createDirectories(foreign.resolve("postgres"));
        Files.writeString(foreign.resolve("postgres").resolve("PG_VERSION"), "14");
        assertThatThrownBy(() -> SandboxInitializer.fresh(foreign)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("partnersync.sandbox.data-dir");
        assertThat(Files.readString(foreign.resolve("postgres").resolve("PG_VERSION"))).isEqualTo("14");
    }

    private static GenericApplicationContext context(MockEnvironment environment) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(environment);
        return context;
    }

    @Test
    @DisplayName("a second sandbox on the same folder is refused before it empties anything")
    void oneSandboxPerFolder() {
        try (SandboxLock first = SandboxLock.take(folder)) {
            assertThatThrownBy(() -> SandboxLock.take(folder)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("partnersync.sandbox.data-dir").hasMessageContaining("one is running");
        }
        SandboxLock.take(folder).close();
    }

    @Test
    @DisplayName("the service's own store is never the sandbox's: a sandbox folder whose 'postgres' is partnersync.embedded.data-dir is refused")
    void notTheServicesOwnStore() throws Exception {
        Path store = folder.resolve("data").resolve("postgres");
        Files.createDirectories(store);
        Files.writeString(store.resolve("PG_VERSION"), "14");
        MockEnvironment environment = new MockEnvironment().withProperty("partnersync.sandbox.data-dir", folder.resolve("data").toString())
                .withProperty("partnersync.embedded.data-dir", store.toString());
        environment.setActiveProfiles("sandbox");
        assertThatThrownBy(() -> new SandboxInitializer().initialize(context(environment))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("partnersync.sandbox.data-dir").hasMessageContaining("the service's own store");
        assertThat(Files.readString(store.resolve("PG_VERSION"))).isEqualTo("14");
    }

    @Test
    @DisplayName("a connector pointed at a real CRM (an environment variable overriding the sandbox's) is refused, naming it, and nothing keeps listening")
    void everyConnectorTalksToASimulator() {
        MockEnvironment environment = new MockEnvironment().withProperty("partnersync.sandbox.data-dir", folder.resolve("s").toString())
                .withProperty("partnersync.sandbox.vendor.kind", "salesforce").withProperty("partnersync.sandbox.partners.acme.kind", "hubspot")
                .withProperty("partnersync.sandbox.partners.globex.kind", "hubspot").withProperty("partnersync.sandbox.partners.initech.kind", "salesforce")
                .withProperty("partnersync.sandbox.partners.umbrella.kind", "dynamics")
                .withProperty("partnersync.connectors[0].name", "vendor-sf").withProperty("partnersync.connectors[0].base-url", "https://acme.my.salesforce.com");
        environment.setActiveProfiles("sandbox");
        assertThatThrownBy(() -> new SandboxInitializer().initialize(context(environment))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("partnersync.connectors[0].base-url").hasMessageContaining("https://acme.my.salesforce.com");
        SandboxLock.take(folder.resolve("s")).close(); // released: the refused sandbox holds nothing
    }
}
