package io.partnersync.registration.policy;

import io.partnersync.canonical.CustomerKey;

import io.partnersync.canonical.Deal;
import io.partnersync.canonical.Domains;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A deal a partner submitted for registration. Every business field may be missing: the policy
 * rejects such a registration with a reason that names the field.
 *
 * @param dealId the deal's id in the store; required
 * @param partnerId the registering partner; required
 * @param customerDomain normalized with {@link Domains#normalize}; a value that is not a domain is refused
 */
public record Registration(
        UUID dealId,
        UUID partnerId,
        String customerName,
        String customerDomain,
        String product,
        BigDecimal amount,
        String currency,
        LocalDate closeDate,
        Deal.DealStage stage) {

    public Registration {
        Objects.requireNonNull(dealId, "dealId");
        Objects.requireNonNull(partnerId, "partnerId: only a partner's deal can be registered");
        customerDomain = Domains.normalize(customerDomain);
    }

    public static Registration of(UUID dealId, Deal deal) {
        return new Registration(dealId, deal.partnerId(), deal.customerName(), deal.customerDomain(), deal.product(),
                deal.amount(), deal.currency(), deal.closeDate(), deal.stage());
    }

    /** The key the registration is stored under, see {@link CustomerKey#of}; {@code null} without customer. */
    public String customerKey() {
        return CustomerKey.of(customerDomain, customerName);
    }

    /** Every key to look up other registrations by, see {@link CustomerKey#all}. */
    public List<String> customerKeys() {
        return CustomerKey.all(customerDomain, customerName);
    }
}
