package io.gatehouse.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/**
 * What the servlet container answers by itself (a request it refused, an error raised outside Spring MVC) is a
 * problem document too, in place of Spring Boot's own error JSON. Nothing about the failure's insides is said.
 */
// Spring's error path, not an operation of the API: left out of the OpenAPI document
@io.swagger.v3.oas.annotations.Hidden
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        String detail = status.is5xxServerError() ? "Something went wrong on our side."
                : status == HttpStatus.NOT_FOUND ? "No such resource."
                : "The request was refused: " + status.getReasonPhrase().toLowerCase(Locale.ROOT) + ".";
        String type = status.is5xxServerError() ? "internal"
                : status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        return ProblemHandling.respond(status, type, detail, List.of());
    }
}
