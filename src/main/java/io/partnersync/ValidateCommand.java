package io.partnersync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersync.config.ConfigurationCheck.Problem;
import io.partnersync.config.ConfigurationCheck;
import io.partnersync.config.InvalidConfigurationException;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.sync.ConnectorKinds;
import io.partnersync.sync.MappingConfiguration;
import io.partnersync.sync.spi.ConnectorKind;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingLoader;
import io.partnersync.mapping.MappingRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.Banner;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import io.partnersync.connector.Secrets;
import org.apache.camel.CamelContext;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.core.type.filter.TypeFilter;

/**
 * {@code java -jar partnersync.jar validate [--online] [--key=value ...]}: checks the settings,
 * the {@code routes/} and {@code mappings/} folders the way start-up would, without starting the
 * sync, the database or the web server; prints every problem by file and key, and exits 1 when
 * there is one (0 when all is well, 2 on a usage error). The same check answers
 * {@code POST /api/config/validate}.
 *
 * <p>The environment is Spring Boot's own (application.yml, {@code config/partnersync.yml},
 * profiles, environment variables, the arguments), read by an empty application context.
 */
public final class ValidateCommand {

    /** The route templates every connector is made from, and the file that ships them. */
    private static final List<String> TEMPLATES = List.of("connector-inbound", "connector-outbound");
    private static final String TEMPLATES_FILE = "sync.camel.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ValidateCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean online = rest.remove("--online");
        for (String arg : rest) {
            if (!arg.startsWith("--")) {
                out.println("usage: java -jar partnersync.jar validate [--online] [--key=value ...]; unknown argument '" + arg + "'");
                return 2;
            }
        }
        String[] settings = rest.toArray(String[]::new);
        List<Problem> problems = check(environment(settings, List.of()));
        if (online && problems.isEmpty()) {
            out.println("Configuration is valid; asking each CRM ...");
            problems = online(settings);
        }
        for (Problem problem : problems) {
            out.println("PROBLEM " + problem);
        }
        out.println(problems.isEmpty() ? "Configuration is valid." : problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + " found; PartnerSync would refuse to start with them.");
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * Each enabled connector's CRM, through a small application context with only the connector
     * kinds' packages in it, made lazily (so only the CRM clients and schema checks come to life):
     * no database, no routes, no web server, no sync.
     */
    static List<Problem> online(String[] settings) {
        List<String> args = new ArrayList<>(Arrays.asList(settings));
        args.add("--camel.main.routes-collector-enabled=false");
        args.add("--camel.main.main-run-controller=false");
        args.add("--spring.main.web-application-type=none");
        args.add("--spring.main.lazy-initialization=true");
        args.add("--logging.level.root=warn");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Online.class)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(args.toArray(String[]::new))) {
            return context.getBean(Online.class).checkAll();
        }
    }

    /**
     * The CRM clients and their schema checks, and nothing else. Not a {@code @Configuration}, so the
     * service's own component scan never picks it up; it is the primary source of its own context.
     */
    @ImportAutoConfiguration({CamelAutoConfiguration.class,
            Jackson2AutoConfiguration.class})
    @EnableConfigurationProperties(PartnerSyncProperties.class)
    @ComponentScan(basePackages = "io.partnersync", useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = OnlineParts.class))
    public static class Online {

        @Bean
        static MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }

        /** Camel starts with the context, as in the service: a kind's clients may add Camel components to a running context. */
        @Bean
        static LazyInitializationExcludeFilter camelStartsEagerly() {
            return LazyInitializationExcludeFilter.forBeanTypes(CamelContext.class);
        }

        @Autowired
        private PartnerSyncProperties properties;
        @Autowired
        private MappingRegistry mappings;
        @Autowired
        private ConnectorKinds kinds;

        List<Problem> checkAll() {
            return ValidateCommand.online(properties, mappings, kinds);
        }
    }

    /** Every enabled connector's CRM checked against its mappings; the same for the CLI and the API. */
    public static List<Problem> online(PartnerSyncProperties properties, MappingRegistry mappings, ConnectorKinds kinds) {
        List<Problem> problems = new ArrayList<>();
        for (var connector : properties.connectors()) {
            if (!connector.enabled()) {
                continue;
            }
            List<Mapping> used = connector.entities().stream().map(e -> mappings.mapping(connector.name(), e)).toList();
            kinds.of(connector).schemaCheck().ifPresent(check -> problems.addAll(check.check(connector, used)));
        }
        return problems;
    }

    /**
     * The environment PartnerSync would start with (application.yml, config/partnersync.yml and the
     * other config data, profiles, environment variables, the arguments), read the way Spring Boot
     * reads it, without an application context (nor its logging set-up).
     */
    public static ConfigurableEnvironment environment(String[] args, Collection<String> profiles) {
        StandardEnvironment environment = new StandardEnvironment();
        if (args.length > 0) {
            environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        }
        ConfigDataEnvironmentPostProcessor.applyTo(environment,
                new DefaultResourceLoader(), new DefaultBootstrapContext(), profiles);
        return environment;
    }

    /** Every problem of the settings, mappings and routes of this environment. */
    public static List<Problem> check(ConfigurableEnvironment environment) {
        return check(environment, kinds());
    }

    /** As {@link #check(ConfigurableEnvironment)}, with these connector kinds (the running service's). */
    public static List<Problem> check(ConfigurableEnvironment environment, Collection<? extends ConnectorKind<?>> kinds) {
        List<Problem> problems = new ArrayList<>(ConfigurationCheck.check(environment, kinds));
        PartnerSyncProperties properties;
        try {
            properties = Binder.get(environment).bindOrCreate("partnersync", PartnerSyncProperties.class);
        } catch (RuntimeException e) {
            return problems; // already reported by the settings check
        }
        List<InvalidConfigurationException> mappings = MappingLoader.problems(properties.mappingsDir());
        mappings.forEach(e -> problems.add(new Problem(e.source(), e.key(), e.expected())));
        if (mappings.isEmpty()) {
            try {
                new MappingRegistry(properties);
            } catch (InvalidConfigurationException e) {
                problems.add(new Problem(e.source(), e.key(), e.expected()));
            }
        }
        problems.addAll(routes(Path.of(properties.routesDir()), properties));
        return problems;
    }

    /** Each route file against Camel's YAML DSL schema; the templates the configured connectors are made from. */
    static List<Problem> routes(Path dir, PartnerSyncProperties properties) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir.toString(), "partnersync.routes-dir", "expected a folder of Camel YAML DSL route files (*.camel.yaml)"));
            return problems;
        }
        Set<String> templates = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                JsonNode tree;
                try {
                    tree = YAML.readTree(file.toFile());
                } catch (IOException e) {
                    problems.add(new Problem(file.toString(), "", "expected valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
                    continue;
                }
                if (tree == null || !tree.isArray()) {
                    problems.add(new Problem(file.toString(), "", "expected a YAML list of routes, route templates or route configurations"));
                    continue;
                }
                for (ValidationMessage error : CAMEL.validate(tree)) {
                    if (error.getInstanceNode() != null && error.getInstanceNode().isTextual() && error.getInstanceNode().asText().contains("{{")) {
                        continue; // a property placeholder, which Camel resolves before it reads the value
                    }
                    problems.add(new Problem(file.toString(), error.getInstanceLocation().toString().replaceFirst("^\\$\\.?", ""),
                            "expected what Camel's YAML DSL allows: " + error.getMessage().replaceFirst("^\\$[^:]*: ", "")));
                }
                tree.forEach(item -> {
                    JsonNode id = item.path("routeTemplate").path("id");
                    if (id.isTextual()) {
                        templates.add(id.asText());
                    }
                });
            }
        } catch (IOException e) {
            problems.add(new Problem(dir.toString(), "partnersync.routes-dir", "expected a readable folder: " + e.getMessage()));
        }
        if (!properties.connectors().isEmpty()) {
            for (String template : TEMPLATES) {
                if (!templates.contains(template)) {
                    problems.add(new Problem(dir.resolve(TEMPLATES_FILE).toString(), "routeTemplate " + template,
                            "a route template with id '" + template + "' (every connector is made from it); copy it back from the routes folder PartnerSync ships"));
                }
            }
        }
        return problems;
    }

    private static final JsonSchema CAMEL = camelSchema();

    private static JsonSchema camelSchema() {
        try (InputStream in = ValidateCommand.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The connector kinds on the class path (every {@link ConnectorKind} under {@code io.partnersync}),
     * made in a context of their own for their keys and settings types only.
     */
    public static List<ConnectorKind<?>> kinds() {
        try (var context = new AnnotationConfigApplicationContext()) {
            var scanner = new ClassPathBeanDefinitionScanner(context, false);
            scanner.addIncludeFilter(new AssignableTypeFilter(ConnectorKind.class));
            scanner.scan("io.partnersync");
            context.refresh();
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<ConnectorKind<?>> kinds = (List) List.copyOf(context.getBeansOfType(ConnectorKind.class).values());
            return kinds;
        }
    }

    /**
     * What the online check's context is made of: the engine's registry of kinds and the binder of
     * their settings, the secrets and mappings, and every component in a connector kind's package.
     */
    static final class OnlineParts implements TypeFilter {

        private static final Set<String> SHARED = Set.of(ConnectorKinds.class.getName(), "io.partnersync.config.KindSettingsBinder",
                "io.partnersync.config.Connectors",
                Secrets.class.getName(), MappingConfiguration.class.getName());

        private final Set<String> kindPackages = new HashSet<>();

        OnlineParts() {
            var scanner = new ClassPathScanningCandidateComponentProvider(false);
            scanner.addIncludeFilter(new AssignableTypeFilter(ConnectorKind.class));
            for (var candidate : scanner.findCandidateComponents("io.partnersync")) {
                String name = candidate.getBeanClassName();
                kindPackages.add(name.substring(0, name.lastIndexOf('.')));
            }
        }

        @Override
        public boolean match(MetadataReader reader,
                             MetadataReaderFactory factory) {
            String name = reader.getClassMetadata().getClassName();
            boolean component = reader.getAnnotationMetadata().hasAnnotation("org.springframework.stereotype.Component")
                    || reader.getAnnotationMetadata().hasMetaAnnotation("org.springframework.stereotype.Component");
            return SHARED.contains(name) || component && !reader.getClassMetadata().isAbstract()
                    && kindPackages.contains(reader.getClassMetadata().getClassName().substring(0, name.lastIndexOf('.')));
        }
    }
}
