package io.partnersync.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import java.util.Locale;

/**
 * Requests that Tomcat refuses before any servlet sees them (an encoded NUL or slash in the path, a
 * malformed request line) get a problem detail like every other error, not Tomcat's HTML page with
 * its version. Tomcat answers those through its host's error report valve; this one writes RFC 9457
 * JSON, names no class and shows no stack trace.
 */
@Component
class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemValve.class.getName());
            }
        });
    }

    /** Tomcat makes it by its class name: public, with a public no-argument constructor. */
    public static class ProblemValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            String detail = status == 400 ? "the request could not be read: its path or request line is not valid (an encoded NUL or slash, say)"
                    : title.toLowerCase(Locale.ROOT);
            String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getWriter().write(body);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client went away; nothing more to tell it
            }
        }
    }
}
