# Build and run PartnerSync. Used by docker-compose.yml for deployments.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --uid 10001 partnersync
COPY --from=build /src/target/partnersync-*.jar /app/partnersync.jar
COPY routes /app/routes
COPY mappings /app/mappings
USER partnersync
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/partnersync.jar"]
