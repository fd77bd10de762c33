package io.partnersync.connector.hubspot;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.partnersync.store.WebhookEventRepository;
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

/**
 * What the open webhook endpoint accepts before anything is read: a body of at most
 * {@code partnersync.hubspot.webhook-max-bytes} (HubSpot sends at most 100 small events a request),
 * refused with 413 by its declared length (a request without one: 411), and a body stream that
 * stops at the limit in case a length lies. And how long
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
                    response.setStatus(411);
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"a webhook must declare its Content-Length\"}");
                    return;
                }
                if (request.getContentLengthLong() > maxBytes) {
                    refuse(response, maxBytes);
                    return;
                }
                Limited limited = new Limited(request, maxBytes);
                try {
                    chain.doFilter(limited, response);
                } catch (TooLarge e) {
                    if (!response.isCommitted()) {
                        response.reset();
                        refuse(response, maxBytes);
                    }
                }
            }
        });
        registration.addUrlPatterns("/webhooks/*");
        return registration;
    }

    @Bean
    RecurringTask<Void> webhookEventRetention(WebhookEventRepository events,
                                              @Value("${partnersync.hubspot.webhook-event-retention:P3D}") Duration retention) {
        return Tasks.recurring("webhook-event-retention", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> events.forgetBefore(Instant.now().minus(retention)));
    }

    private static void refuse(HttpServletResponse response, long maxBytes) throws IOException {
        response.setStatus(413);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"a webhook body may hold at most " + maxBytes + " bytes\"}");
    }

    /** Thrown by the body's stream once more than the limit was read. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("webhook body over the size limit");
        }
    }

    /** The request, with a body stream that stops at the limit (a chunked body declares no length). */
    private static final class Limited extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final long maxBytes;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() throws IOException {
            jakarta.servlet.ServletInputStream body = super.getInputStream();
            return new jakarta.servlet.ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = body.read();
                    if (b >= 0 && ++read > maxBytes) {
                        throw new TooLarge();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = body.read(buffer, offset, length);
                    if (n > 0 && (read += n) > maxBytes) {
                        throw new TooLarge();
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return body.isFinished();
                }

                @Override
                public boolean isReady() {
                    return body.isReady();
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                    body.setReadListener(listener);
                }
            };
        }
    }
}
