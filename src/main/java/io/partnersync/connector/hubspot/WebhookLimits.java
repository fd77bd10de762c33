package io.partnersync.connector.hubspot;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import io.partnersync.sync.spi.PushedChanges;

/**
 * What the open webhook endpoint accepts before anything is read: a body of at most
 * {@code partnersync.hubspot.webhook-max-bytes} (HubSpot sends at most 100 small events a request),
 * refused with 413 by its declared length (a request without one: 411; the container reads no
 * more than a declared length). And how long
 * event ids are remembered: HubSpot retries a delivery for up to 24 hours, so ids older than
 * {@code partnersync.hubspot.webhook-event-retention} are forgotten by a db-scheduler task.
 */
@Configuration(proxyBeanMethods = false)
class WebhookLimits {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webhookSizeLimit(@Value("${partnersync.hubspot.webhook-max-bytes:262144}") long maxBytes) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() < 0) {
                    problem(response, 411, "Length Required", "a webhook must declare its Content-Length");
                    return;
                }
                if (request.getContentLengthLong() > maxBytes) {
                    refuse(response, maxBytes);
                    return;
                }
                // the container reads no more than the declared length
                chain.doFilter(request, response);
            }
        });
        registration.addUrlPatterns("/webhooks/*");
        return registration;
    }

    @Bean
    RecurringTask<Void> webhookEventRetention(PushedChanges pushes,
                                              @Value("${partnersync.hubspot.webhook-event-retention:P3D}") Duration retention) {
        return Tasks.recurring("webhook-event-retention", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> pushes.forgetEventsBefore(Instant.now().minus(retention)));
    }

    private static void refuse(HttpServletResponse response, long maxBytes) throws IOException {
        problem(response, 413, "Content Too Large", "a webhook body may hold at most " + maxBytes + " bytes");
    }

    /** RFC 9457, as every endpoint answers errors; the texts are constant, so written as they are. */
    private static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }
}
