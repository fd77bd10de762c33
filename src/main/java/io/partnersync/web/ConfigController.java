package io.partnersync.web;

import io.partnersync.ValidateCommand;
import io.partnersync.config.ConfigurationCheck.Problem;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.mapping.MappingRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.partnersync.sync.ConnectorKinds;

/**
 * {@code POST /api/config/validate} (admin): the validate command's check of the configuration as
 * it is on disk now (the files are read again, with the profiles and arguments this instance
 * started with), so an admin can check an edit before restarting. Answers every problem by file
 * and key; nothing is applied.
 */
@RestController
@RequestMapping("/api/config")
class ConfigController {

    private final ApplicationArguments arguments;
    private final Environment environment;

    private final PartnerSyncProperties properties;
    private final MappingRegistry mappings;
    private final ConnectorKinds kinds;

    ConfigController(ApplicationArguments arguments, Environment environment, PartnerSyncProperties properties,
                     MappingRegistry mappings, ConnectorKinds kinds) {
        this.arguments = arguments;
        this.environment = environment;
        this.properties = properties;
        this.mappings = mappings;
        this.kinds = kinds;
    }

    /**
     * @param online also ask each enabled connector's CRM (with the running configuration and
     *     mappings) whether every object, field and property exists with a compatible type and options
     */
    @PostMapping("/validate")
    Validation validate(@RequestParam(defaultValue = "false") boolean online) {
        List<Problem> problems = new ArrayList<>(ValidateCommand.check(
                ValidateCommand.environment(arguments.getSourceArgs(), List.of(environment.getActiveProfiles())), kinds.all()));
        if (online) {
            problems.addAll(ValidateCommand.online(properties, mappings, kinds));
        }
        return new Validation(problems.isEmpty(), problems.stream().map(p -> new Found(p.where(), p.key(), p.expected(), p.toString())).toList());
    }

    /** Whether the configuration is valid, and every problem by file and key. */
    record Validation(boolean valid, List<Found> problems) {
    }

    /** @param message where, key and expected in one line, as {@code validate} prints it */
    record Found(String where, String key, String expected, String message) {
    }
}
