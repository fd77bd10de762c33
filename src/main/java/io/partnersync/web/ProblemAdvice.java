package io.partnersync.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One style of error for every API endpoint: RFC 9457 problem details
 * ({@code application/problem+json} with type, title, status, detail and instance). Spring MVC's own
 * errors (a bad parameter, an unknown path, a wrong method) come through
 * {@link ResponseEntityExceptionHandler}; controllers throw
 * {@link org.springframework.web.server.ResponseStatusException} with a detail that names what was
 * not found or refused. An unexpected error answers 500 with an id to find it in the log, and
 * never its message (it may hold SOQL, a CRM's answer or a path). The security filters answer 401
 * and 403 in the same shape ({@code ApiSecurity}).
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        log.error("Unexpected error {} answering an API call", id, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "unexpected error " + id + ": the service log has the details under this id");
        problem.setProperty("errorId", id);
        return problem;
    }
}
