package org.signet.tokenization.pseudo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.signet.tokenization.detect.PhiType;

/**
 * The state of one {@link FhirPseudonymizer#pseudonymize} call: which elements are done, the chart collected so far,
 * the free-text work deferred until the chart is complete, and the counts. Not shared between calls or threads.
 */
final class PseudonymizationPass {

    private record Deferred(Base element, Application app) {
    }

    final TokenIssuer issuer;
    private final TextPseudonymizer text;
    private final Set<Base> handled = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Base> frozen = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Primitives and XHTML roots whose value this pass wrote: a token, or free text already escaped. */
    private final Set<Object> written = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, ChartEntry> chart = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<Deferred> deferred = new ArrayList<>();
    private final Map<String, TextOutcome> textCache = new HashMap<>();
    private TextPseudonymizer.Bound boundText;

    PseudonymizationPass(TokenIssuer issuer, TextPseudonymizer text) {
        this.issuer = issuer;
        this.text = text;
    }

    /** Tokenizes {@code original} and records it in the chart. */
    String token(String tokenType, PhiType phiType, String original) {
        String token = issuer.tokenFor(tokenType, original);
        String key = tokenType + '\u0000' + phiType + '\u0000' + Tokens.normalise(tokenType, original);
        chart.putIfAbsent(key, new ChartEntry(tokenType, phiType, original.strip()));
        return token;
    }

    /** Tokenizes a primitive in place unless a rule got there first; true if it did. */
    boolean tokenize(PrimitiveType<?> p, String tokenType, PhiType phiType) {
        return tokenize(p, tokenType, phiType, true);
    }

    /** As {@link #tokenize(PrimitiveType, String, PhiType)}; {@code chart} false leaves the original out of the chart. */
    boolean tokenize(PrimitiveType<?> p, String tokenType, PhiType phiType, boolean chart) {
        if (p == null || handled.contains(p) || !p.hasValue() || p.getValueAsString().isBlank()) {
            return false;
        }
        String original = p.getValueAsString();
        p.setValueAsString(chart ? token(tokenType, phiType, original) : issuer.tokenFor(tokenType, original));
        handled.add(p);
        written.add(p);
        return true;
    }

    void addChart(String tokenType, PhiType phiType, String original) {
        chart.putIfAbsent(tokenType + '\u0000' + phiType + '\u0000' + Tokens.normalise(tokenType, original),
                new ChartEntry(tokenType, phiType, original.strip()));
    }

    /** {@code valueHolder}'s value was written by this pass (a token, or pseudonymized free text). */
    void markWritten(Object valueHolder) {
        written.add(valueHolder);
    }

    /**
     * Escapes token-shaped text ({@link Tokens#escapeLiterals}) in every candidate this pass did not write: a chart
     * string the EHR holds as {@code [[PATIENT_NAME_1]]} must stay literal, never be re-identified.
     *
     * @param candidates string primitives and narratives whose text contains {@code [[}
     */
    void escapeLiterals(List<Base> candidates) {
        for (Base b : candidates) {
            if (b instanceof PrimitiveType<?> p && !written.contains(p) && p.getValue() instanceof String value) {
                String escaped = Tokens.escapeLiterals(value);
                if (!escaped.equals(value)) {
                    p.setValueAsString(escaped);
                }
            } else if (b instanceof Narrative n && n.getDiv() != null && !written.contains(n.getDiv())) {
                escapeXhtml(n.getDiv());
            }
        }
    }

    private static void escapeXhtml(XhtmlNode node) {
        if (node.getNodeType() == NodeType.Text) {
            if (node.getContent() != null) {
                node.setContent(Tokens.escapeLiterals(node.getContent()));
            }
        } else if (node.hasChildren()) {
            for (XhtmlNode child : node.getChildNodes()) {
                escapeXhtml(child);
            }
        }
    }

    boolean isHandled(Base b) {
        return handled.contains(b);
    }

    void markHandled(Base b) {
        handled.add(b);
    }

    /** Nothing inside {@code b} is touched again (keep, redact). */
    void freeze(Base b) {
        handled.add(b);
        frozen.add(b);
    }

    boolean isFrozen(Base b) {
        return frozen.contains(b);
    }

    void count(String label) {
        counts.merge(label, 1, Integer::sum);
    }

    void defer(Base element, Application app) {
        handled.add(element);
        deferred.add(new Deferred(element, app));
    }

    /** Runs the deferred free-text work, now that the chart holds everything the structured rules tokenized. */
    void runDeferred() {
        for (Deferred d : deferred) {
            FreeTextOperator.process(d.element(), d.app());
        }
        deferred.clear();
    }

    /** A free text's pseudonymized form, and whether anything was found in it. */
    record TextOutcome(String text, boolean found) {
    }

    /**
     * Pseudonymizes {@code original} with this pass's chart; memoised, since bundles repeat the same displays
     * ("Dr. …" on every encounter) and notes (DocumentReference and DiagnosticReport carry the same text), and the
     * outcome for a given text within one pass (one issuer, one chart) is always the same.
     */
    TextOutcome freeText(String original) {
        TextOutcome done = textCache.get(original);
        if (done == null) {
            TextPseudonymizer.Result r = text().pseudonymize(original, issuer);
            done = new TextOutcome(r.text(), !r.spans().isEmpty());
            textCache.put(original, done);
        }
        return done;
    }

    /** Free text of this pass, with the chart as collected so far (built on first use, after the structured rules). */
    TextPseudonymizer.Bound text() {
        if (boundText == null) {
            boundText = text.withChart(chart.values());
        }
        return boundText;
    }

    List<ChartEntry> chart() {
        return List.copyOf(chart.values());
    }

    Map<String, Integer> counts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
}
