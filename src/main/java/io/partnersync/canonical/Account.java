package io.partnersync.canonical;

/**
 * The end customer that leads, deals and registrations are about.
 *
 * @param domain the customer's web domain in normalized form (see {@link Domains#normalize})
 */
public record Account(String name, String domain, String country) implements CanonicalRecord {

    public Account {
        Fields.require("name", name);
        domain = Fields.domain("domain", domain);
    }
}
