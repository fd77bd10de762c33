/**
 * A CRM kind that lives outside PartnerSync's code: an in-memory CRM and the {@code memory}
 * connector kind for it, as a vendor or a contributor would add Pipedrive. Nothing in PartnerSync
 * names it; the test registers it as one bean and configures one connector of it.
 */
package example.memorycrm;
