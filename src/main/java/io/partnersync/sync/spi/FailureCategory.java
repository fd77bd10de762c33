package io.partnersync.sync.spi;

/** Why a record failed, so ops can tell "fix the data" from "wait" from "fix the configuration". */
public enum FailureCategory {
    /** The record breaks a rule of the canonical model or does not fit its mapping. Fix the data. */
    VALIDATION,
    /** It refers to a record that is not in the store yet. Replays once that record arrives. */
    REFERENCE,
    /** Several records match it in the target (an upsert answered 300, multiple choices). */
    DUPLICATE,
    /** The target refused it because of a rule or lock; retried. */
    CONFLICT,
    /** An API quota or rate limit; retried after the limit resets. */
    RATE_LIMIT,
    /** Network or server trouble; retried. */
    TRANSIENT,
    /** Credentials refused. Fix the connector's secrets. */
    AUTH,
    /** It would have crossed from one partner's data to another's; never retried automatically. */
    TENANT,
    /** Anything else: a bug or an unexpected answer. */
    INTERNAL
}
