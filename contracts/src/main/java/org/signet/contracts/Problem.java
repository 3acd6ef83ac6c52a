package org.signet.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;

/**
 * An RFC 9457 problem details body ({@value ProblemTypes#MEDIA_TYPE}). {@code detail} must never carry PHI or a
 * stack trace: name tokens and resource ids only.
 *
 * @param type     a stable URI from {@link ProblemTypes}
 * @param title    short, human-readable summary of the problem type
 * @param status   the HTTP status code
 * @param detail   what went wrong in this occurrence, PHI-free
 * @param instance the request path, when useful
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(URI type, String title, int status, String detail, String instance) {

    public static Problem of(URI type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, null);
    }
}
