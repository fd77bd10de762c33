/**
 * Simulated CRMs on loopback, stateful and in the shapes of the real APIs: a Salesforce org
 * ({@link io.partnersync.sandbox.simulator.SalesforceSimulator}) and HubSpot portals
 * ({@link io.partnersync.sandbox.simulator.HubSpotSimulator}). The sandbox profile runs them beside
 * the service, and the reliability suite runs the real service process against them with injected
 * faults ({@link io.partnersync.sandbox.simulator.Faults}). Only the JDK and Jackson: nothing of the
 * service's own code is used, so the service cannot tell them from a real CRM.
 */
package io.partnersync.sandbox.simulator;
