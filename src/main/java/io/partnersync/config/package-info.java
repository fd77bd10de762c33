/**
 * Typed, validated configuration: the connectors an IT admin declares, where routes and mappings
 * live, the embedded database. Every setting is declared once here with its default; anything
 * wrong stops start-up with an {@link io.partnersync.config.InvalidConfigurationException} that
 * names the file, the key and what was expected. Secrets are never read from here: connectors
 * name environment variables.
 */
package io.partnersync.config;
