/**
 * The incentive rules, pure: which payouts a closed deal earns (rebate, SPIFF, referral fee), and
 * which it takes back when the deal is reopened or lost. Exact decimals with their currency, rounded
 * once, by {@link io.partnersync.payout.policy.Money#rounded}. No Spring, no database: the JDK and
 * the canonical model only.
 */
package io.partnersync.payout.policy;
