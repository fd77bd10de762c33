package io.partnersync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PartnerSyncApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")) {
            System.exit(ValidateCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("reconcile")) {
            System.exit(ReconcileCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        SpringApplication.run(PartnerSyncApplication.class, args);
    }
}
