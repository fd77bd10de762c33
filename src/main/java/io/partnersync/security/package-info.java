/**
 * Who may call the ops and admin API: users (HTTP Basic, bcrypt hashes in configuration) and API
 * tokens (bearer, their SHA-256 in configuration or the token in an environment variable), each
 * with one role: admin, ops or viewer.
 */
package io.partnersync.security;
