/** Payouts: the incentive rules applied to closed deals inside the sync path, as an append-only ledger synced to the vendor's and the partner's CRM. */
package io.partnersync.payout;
