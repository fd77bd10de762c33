package io.partnersync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PartnerSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(PartnerSyncApplication.class, args);
    }
}
