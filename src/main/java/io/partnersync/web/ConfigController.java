package io.partnersync.web;

import io.partnersync.ValidateCommand;
import io.partnersync.config.ConfigurationCheck.Problem;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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

    ConfigController(ApplicationArguments arguments, Environment environment) {
        this.arguments = arguments;
        this.environment = environment;
    }

    @PostMapping("/validate")
    Map<String, Object> validate() {
        List<Problem> problems = ValidateCommand.check(ValidateCommand.environment(arguments.getSourceArgs(), List.of(environment.getActiveProfiles())));
        return Map.of("valid", problems.isEmpty(), "problems", problems.stream()
                .map(p -> Map.of("where", p.where(), "key", p.key(), "expected", p.expected(), "message", p.toString())).toList());
    }
}
