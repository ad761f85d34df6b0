package io.gatehouse.platform.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat refuses some requests before any filter or servlet sees them (an encoded slash or NUL in the path, a
 * malformed percent-encoding): its own error page becomes a problem document, like every other refusal.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    /** Puts this valve in place of the host's HTML error page once the host has made its own. */
    public static TomcatContextCustomizer installer() {
        return context -> context.addLifecycleListener(event -> {
            if (!Lifecycle.BEFORE_START_EVENT.equals(event.getType())) return;
            Container host = context.getParent();
            if (host == null) return;
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                    host.getPipeline().removeValve(valve);
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                }
            }
        });
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        boolean ours = status >= 500;
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : ours ? "Internal Server Error" : "Bad Request";
        String type = ours ? "internal" : "rejected-request";
        String detail = ours ? "Something went wrong on our side." : "The request's URL or headers are not accepted.";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"" + Problems.TYPE_BASE + type + "\",\"title\":\"" + title
                        + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone; nothing left to answer
        }
    }
}
