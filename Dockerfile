# The production image of PartnerSync: an external PostgreSQL (SPRING_DATASOURCE_URL), no embedded one.
#   docker build -t partnersync .        (or: docker compose up --build, with docker-compose.yml)
# Built for Java 17 (the build's floor, --release 17), run on Java 25 LTS
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -Dproduction dependency:go-offline
COPY src src
# -Dproduction leaves the embedded PostgreSQL binaries out of the jar (the README's commands keep them)
RUN mvn -B -q -Dproduction package -DskipTests \
 && java -Djarmode=tools -jar target/partnersync-*.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:25-jre
# curl for the HEALTHCHECK only
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app partnersync \
 && mkdir -p /app/data /app/config /app/secrets && chown -R partnersync /app/data
WORKDIR /app
# Spring Boot's layers, least changing first: a new build of PartnerSync only replaces the last ones
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
COPY routes /app/routes
COPY mappings /app/mappings
USER partnersync
EXPOSE 8080
# The service listens on loopback unless told otherwise; in a container it must take the published port's traffic
ENV SERVER_ADDRESS=0.0.0.0
# Heap from the container's memory limit; an out-of-memory error ends the process so the orchestrator restarts it
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=4 \
  CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
