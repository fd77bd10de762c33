package io.partnersync.connector;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.Mapping;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the payouts a CRM holds for one period, for reconciliation: read-only, straight from the CRM. */
public interface PayoutCopies {

    /** A payout period: a quarter ({@code 2026-Q4}) or a month ({@code 2026-11}). */
    Pattern PERIOD = Pattern.compile("[0-9]{4}-(Q[1-4]|(0[1-9]|1[0-2]))");


    /**
     * @param partnersyncId the PartnerSync id the copy carries; {@code null} for one the CRM made itself
     * @param partnerRef the CRM's reference to the partner (the id of the partner's account there), when it has one
     */
    record Copy(String externalId, String partnersyncId, BigDecimal amount, String currency, String partnerRef) {
    }

    /** Every payout of {@code period} in the connector's CRM, by the fields of its payout mapping. */
    List<Copy> payouts(ConnectorProperties connector, Mapping mapping, String period);
}
