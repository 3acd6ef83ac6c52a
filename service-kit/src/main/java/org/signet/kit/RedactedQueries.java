package org.signet.kit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Keeps the values of query strings out of spans. HTTP spans record the URL they served or called, and a query
 * may carry a patient's identifier ({@code GET /v1/consent/patient?identifier=} takes an MRN), a search term or an
 * OAuth {@code code}: each value becomes {@value #REDACTED}, the parameter names stay (they say which call it was).
 * Applied as each span starts, when the HTTP instrumentation has set the URL; Quarkus installs every
 * {@link SpanProcessor} bean. Paths stay as they are: Signet's own clients put resource ids there, never PHI.
 */
@Singleton
public class RedactedQueries implements SpanProcessor {

    static final String REDACTED = "REDACTED";
    /** The URL attributes of the current HTTP semantic conventions and of the older ones. */
    private static final List<AttributeKey<String>> QUERIES = List.of(AttributeKey.stringKey("url.query"));
    private static final List<AttributeKey<String>> URLS = List.of(AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.url"), AttributeKey.stringKey("http.target"));
    /** A parameter name kept as it is: what an API names a parameter, not free text. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:\\-\\[\\]]{0,39}");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : QUERIES) {
            String query = span.getAttribute(key);
            if (query != null) {
                span.setAttribute(key, redactQuery(query));
            }
        }
        for (AttributeKey<String> key : URLS) {
            String url = span.getAttribute(key);
            if (url != null) {
                span.setAttribute(key, redactUrl(url));
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing: a span is immutable once it ended
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    /** {@code identifier=MRN123&_count=5&x} → {@code identifier=REDACTED&_count=REDACTED&x}. */
    static String redactQuery(String query) {
        if (query.isEmpty()) {
            return query;
        }
        StringJoiner redacted = new StringJoiner("&");
        for (String parameter : query.split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!NAME.matcher(name).matches()) {
                redacted.add(REDACTED); // free text where a name belongs
            } else {
                redacted.add(equals < 0 ? name : name + "=" + REDACTED);
            }
        }
        return redacted.toString();
    }

    /** The URL with its query redacted as above and its fragment dropped; a URL without either is unchanged. */
    static String redactUrl(String url) {
        int fragment = url.indexOf('#');
        String withoutFragment = fragment < 0 ? url : url.substring(0, fragment);
        int question = withoutFragment.indexOf('?');
        if (question < 0) {
            return withoutFragment;
        }
        return withoutFragment.substring(0, question + 1) + redactQuery(withoutFragment.substring(question + 1));
    }
}
