/**
 * Lead distribution: the pure rules that pick the one partner a lead goes to, or none, and say why.
 * JDK and canonical model only; the service in {@code io.partnersync.distribution} feeds them.
 */
package io.partnersync.distribution.policy;
