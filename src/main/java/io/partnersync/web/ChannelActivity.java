package io.partnersync.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the rules did, newest first, for the sync health page and {@code GET /api/channel} (viewer):
 * where leads went and what their partners answered, each registration's decision with its reason,
 * the payouts calculated. A read model of the store; it decides nothing.
 */
@Component
public class ChannelActivity {

    static final int SHOWN = 20;

    public record LeadView(String name, String company, String country, String partner, String status, Instant updatedAt) {
    }

    public record PartnerLeads(String partner, long assigned, long accepted, long other) {
    }

    public record RegistrationView(String deal, String partner, String customer, BigDecimal amount, String currency, String status, String reason,
                                   Instant decidedAt) {
    }

    public record PayoutView(String partner, String deal, String type, BigDecimal amount, String currency, String status, String period,
                             Instant createdAt) {
    }

    public record Summary(List<PartnerLeads> leadsByPartner, List<LeadView> leads, List<RegistrationView> registrations, List<PayoutView> payouts) {
    }

    private final JdbcTemplate jdbc;

    ChannelActivity(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Summary summary() {
        List<PartnerLeads> byPartner = jdbc.query("""
                select p.name,
                       count(*) filter (where l.status = 'ASSIGNED') as assigned,
                       count(*) filter (where l.status in ('ACCEPTED', 'CONVERTED')) as accepted,
                       count(*) filter (where l.status not in ('ASSIGNED', 'ACCEPTED', 'CONVERTED')) as other
                  from lead l join partner p on p.id = l.partner_id
                 where l.archived_at is null
                 group by p.id, p.name order by p.name
                """, (rs, i) -> new PartnerLeads(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        List<LeadView> leads = jdbc.query("""
                select concat_ws(' ', l.first_name, l.last_name), l.company, l.country, p.name, l.status, l.updated_at
                  from lead l left join partner p on p.id = l.partner_id
                 where l.archived_at is null
                 order by l.updated_at desc limit ?
                """, (rs, i) -> new LeadView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant()), SHOWN);
        List<RegistrationView> registrations = jdbc.query("""
                select d.name, p.name, d.customer_name, d.amount, d.currency, r.status, r.reason, r.decided_at
                  from deal_registration r join deal d on d.id = r.deal_id left join partner p on p.id = r.partner_id
                 order by r.decided_at desc limit ?
                """, (rs, i) -> new RegistrationView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()), SHOWN);
        List<PayoutView> payouts = jdbc.query("""
                select p.name, d.name, y.type, y.amount, y.currency, y.status, y.period, y.created_at
                  from payout y left join partner p on p.id = y.partner_id left join deal d on d.id = y.deal_id
                 where y.archived_at is null
                 order by y.created_at desc limit ?
                """, (rs, i) -> new PayoutView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()), SHOWN);
        return new Summary(byPartner, leads, registrations, payouts);
    }

    /** {@code GET /api/channel}: the same summary as the page shows. */
    @RestController
    @RequestMapping("/api/channel")
    static class ChannelController {

        private final ChannelActivity activity;

        ChannelController(ChannelActivity activity) {
            this.activity = activity;
        }

        @GetMapping
        Summary get() {
            return activity.summary();
        }
    }
}
