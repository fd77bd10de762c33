/** Notifications to a chat webhook (Slack-compatible JSON) when a connector fails, is paused, nears its quota or piles up failures. */
package io.partnersync.alerts;
