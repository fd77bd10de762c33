/**
 * What ops watch and do: connector health, sync failures (dead letters) with their category and
 * reason, replay of a failed record, and the metrics of what is flowing and what is stuck.
 */
package io.partnersync.ops;
