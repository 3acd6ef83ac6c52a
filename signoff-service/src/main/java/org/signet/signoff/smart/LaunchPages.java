package org.signet.signoff.smart;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;
import org.signet.contracts.ProblemTypes;

/**
 * A launch refusal as RFC 9457 problem JSON, or, for a browser (which asks for text/html), the same problem as a page
 * a clinician can read.
 */
final class LaunchPages {

    private LaunchPages() {}

    static Response problem(LaunchRefused refused, HttpHeaders headers) {
        boolean browser = headers != null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType());
        Response.ResponseBuilder response = Response.status(refused.status()).header(HttpHeaders.CACHE_CONTROL,
                "no-store");
        if (browser) {
            String html = "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + esc(refused.title())
                    + " · Signet</title><link rel=stylesheet href=\"/app.css\"></head><body><main class=problem>"
                    + "<h1>" + esc(refused.title()) + "</h1><p role=alert>" + esc(refused.getMessage()) + "</p>"
                    + "<p class=meta>Reason: " + esc(refused.reason()) + " · HTTP " + refused.status() + "</p>"
                    + "</main></body></html>";
            return response.type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html).build();
        }
        // RFC 9457 problem with one extension member, reason
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.SMART_LAUNCH_REFUSED.toString());
        body.put("title", refused.title());
        body.put("status", refused.status());
        body.put("detail", refused.getMessage());
        body.put("reason", refused.reason());
        return response.type(ProblemTypes.MEDIA_TYPE).entity(body).build();
    }

    /** Text as HTML (Apache Commons Text). */
    static String esc(String s) {
        return s == null ? "" : StringEscapeUtils.escapeHtml4(s);
    }
}
