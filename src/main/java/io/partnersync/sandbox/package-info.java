/**
 * The sandbox: with the {@code sandbox} profile ({@code mvn spring-boot:run
 * -Dspring-boot.run.profiles=sandbox}), the service starts beside simulated CRMs on loopback (the
 * vendor's and two partners', of the kinds {@code application-sandbox.yml} names, {@link io.partnersync.sandbox.simulator}) with
 * seeded sample data and scripted users, on its own embedded store. It changes configuration only:
 * the connectors, routes and rules are the production ones, talking HTTP to the simulators. Nothing
 * outside this package knows it exists (ArchitectureTest).
 */
package io.partnersync.sandbox;
