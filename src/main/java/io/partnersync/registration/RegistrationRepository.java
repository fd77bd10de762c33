package io.partnersync.registration;

import io.partnersync.canonical.Deal;
import io.partnersync.registration.policy.DirectOpportunity;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import io.partnersync.sync.spi.RowWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code deal_registration} and {@code vendor_opportunity}. Lookups by customer go through the GIN
 * indexes on {@code customer_keys} ({@code &&}, array overlap), so a decision costs the same with
 * ten thousand registrations as with a million.
 */
@Repository
class RegistrationRepository implements RowWriter<RegistrationRow> {

    private static final String COLUMNS = "deal_id, partner_id, customer_keys, product_line, status, rule, reason, exclusive_until, extended,"
            + " conflicts_with, direct_opportunities, stage";

    /** Key of the advisory lock that serializes decisions ("PSREG" in ASCII). */

    private final JdbcTemplate jdbc;

    RegistrationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RegistrationRecord> find(UUID dealId) {
        return jdbc.query("select " + COLUMNS + " from deal_registration where deal_id = ?", this::row, dealId).stream().findFirst();
    }

    /** Every registration known under any of {@code customerKeys}, except the deal's own. */
    List<RegistrationRecord> forCustomer(Collection<String> customerKeys, UUID exceptDeal) {
        return jdbc.query("select " + COLUMNS + " from deal_registration where customer_keys && ?::text[] and deal_id <> ?", this::row,
                customerKeys.toArray(String[]::new), exceptDeal);
    }

    /** The approved registration, locked for this transaction, if it is still approved. */
    Optional<RegistrationRecord> findApprovedForUpdate(UUID dealId) {
        return jdbc.query("select " + COLUMNS + " from deal_registration where deal_id = ? and status = 'APPROVED' for update", this::row, dealId)
                .stream().findFirst();
    }

    @Override
    public Class<RegistrationRow> type() {
        return RegistrationRow.class;
    }

    @Override
    public void write(RegistrationRow row) {
        if (row instanceof RegistrationRecord registration) {
            save(registration);
        } else if (row instanceof RegistrationRow.VendorOpportunity o) {
            saveVendorOpportunity(o.dealId(), o.externalId(), o.name(), o.customerKeys(), o.productLine());
        } else if (row instanceof RegistrationRow.VendorOpportunityGone gone) {
            removeVendorOpportunity(gone.dealId());
        }
    }

    /** Inserts or replaces the deal's registration; the first submission time is kept. */
    private void save(RegistrationRecord r) {
        jdbc.update("""
                insert into deal_registration (deal_id, partner_id, customer_keys, product_line, status, rule, reason, exclusive_until, extended,
                    conflicts_with, direct_opportunities, stage)
                values (?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?::uuid[], ?::text[], ?)
                on conflict (deal_id) do update set partner_id = excluded.partner_id, customer_keys = excluded.customer_keys,
                    product_line = excluded.product_line, status = excluded.status, rule = excluded.rule, reason = excluded.reason,
                    exclusive_until = excluded.exclusive_until, extended = excluded.extended, conflicts_with = excluded.conflicts_with,
                    direct_opportunities = excluded.direct_opportunities, stage = excluded.stage, decided_at = now()
                """, r.dealId(), r.partnerId(), r.customerKeys().toArray(String[]::new), r.productLine(), r.status().name(), r.rule(), r.reason(),
                r.exclusiveUntil(), r.extended(), r.conflictsWith().stream().map(UUID::toString).toArray(String[]::new), r.directOpportunities().toArray(String[]::new),
                r.stage().name());
    }

    /**
     * Approved registrations of open deals whose last day of exclusivity is before {@code today},
     * after {@code afterDeal} in (exclusive_until, deal_id) order (partial index); a closed-won
     * registration stays approved and is never due.
     */
    List<RegistrationRecord> approvedEndingBefore(LocalDate today, LocalDate afterUntil, UUID afterDeal, int limit) {
        return jdbc.query("select " + COLUMNS + " from deal_registration where status = 'APPROVED' and exclusive_until < ?"
                + " and stage not in ('CLOSED_WON', 'CLOSED_LOST') and (exclusive_until, deal_id) > (?, ?)"
                + " order by exclusive_until, deal_id limit ?", this::row, today, afterUntil, afterDeal, limit);
    }

    /**
     * The vendor's open opportunities for the customer, without their names: the vendor's internal
     * names are not for partners' eyes, and a decision's reason reaches the partner (the name stays
     * in the table for the vendor's own queries).
     */
    List<DirectOpportunity> vendorOpportunities(Collection<String> customerKeys) {
        return jdbc.query("select v.external_id, v.product_line from vendor_opportunity v join deal d on d.id = v.deal_id"
                        + " where v.customer_keys && ?::text[] and d.archived_at is null and d.stage not in ('CLOSED_WON', 'CLOSED_LOST')",
                (rs, n) -> new DirectOpportunity(rs.getString(1), null, rs.getString(2)), (Object) customerKeys.toArray(String[]::new));
    }

    private void saveVendorOpportunity(UUID dealId, String externalId, String name, List<String> customerKeys, String productLine) {
        jdbc.update("""
                insert into vendor_opportunity (deal_id, external_id, name, customer_keys, product_line) values (?, ?, ?, ?::text[], ?)
                on conflict (deal_id) do update set external_id = excluded.external_id, name = excluded.name,
                    customer_keys = excluded.customer_keys, product_line = excluded.product_line
                """, dealId, externalId, name, customerKeys.toArray(String[]::new), productLine);
    }

    private void removeVendorOpportunity(UUID dealId) {
        jdbc.update("delete from vendor_opportunity where deal_id = ?", dealId);
    }

    private RegistrationRecord row(ResultSet rs, int n) throws SQLException {
        return new RegistrationRecord(rs.getObject("deal_id", UUID.class), rs.getObject("partner_id", UUID.class),
                list(rs.getArray("customer_keys"), String.class), rs.getString("product_line"),
                Deal.RegistrationStatus.valueOf(rs.getString("status")), rs.getString("rule"), rs.getString("reason"),
                rs.getObject("exclusive_until", LocalDate.class), rs.getBoolean("extended"), list(rs.getArray("conflicts_with"), UUID.class),
                list(rs.getArray("direct_opportunities"), String.class), Deal.DealStage.valueOf(rs.getString("stage")));
    }

    private static <T> List<T> list(Array array, Class<T> type) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(type::cast).toList();
    }
}
