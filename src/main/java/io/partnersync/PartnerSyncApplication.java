package io.partnersync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import java.util.Arrays;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PartnerSyncApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")) {
            System.exit(ValidateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("reconcile")) {
            System.exit(ReconcileCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        SpringApplication.run(PartnerSyncApplication.class, args);
    }
}
