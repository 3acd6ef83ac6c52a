package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs recognizers over a text and returns non-overlapping spans sorted by start.
 *
 * <p>Overlaps are resolved per cluster of transitively overlapping candidates: a span contained in a longer
 * one is dropped; on a partial overlap the higher-confidence span wins and is widened to the union, so no
 * character a recognizer flagged is ever left out (privacy errs towards over-masking).
 *
 * <p>The built-in recognizers share one {@link TextScan} per call (words, numbers and their cue-word bits), so
 * the text is scanned once and each pattern runs only where a cue word, digit or month makes a match possible.
 */
public final class PhiDetector {

    /** By start, longer first. */
    private static final Comparator<PhiSpan> BY_START = (a, b) -> a.start() != b.start()
            ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end());
    /** Longer first, then more confident first. */
    private static final Comparator<PhiSpan> BY_RANK = (a, b) -> a.length() != b.length()
            ? Integer.compare(b.length(), a.length()) : Double.compare(b.confidence(), a.confidence());

    private final List<PhiRecognizer> recognizers;

    public PhiDetector(List<PhiRecognizer> recognizers) {
        this.recognizers = List.copyOf(recognizers);
    }

    /** The built-in pattern, name, place and organisation recognizers (no chart dictionary). */
    public static PhiDetector defaults() {
        return new PhiDetector(defaultRecognizers());
    }

    /** The built-in recognizers plus the patient's chart dictionary (built once per vault). */
    public static PhiDetector withChart(ChartDictionaryRecognizer chart) {
        List<PhiRecognizer> all = new ArrayList<>();
        all.add(chart);
        all.addAll(defaultRecognizers());
        return new PhiDetector(all);
    }

    public static List<PhiRecognizer> defaultRecognizers() {
        return List.of(DateRecognizer.INSTANCE, ContactRecognizer.INSTANCE, IdentifierRecognizer.INSTANCE,
                AddressRecognizer.INSTANCE, AgeRecognizer.INSTANCE, OrganizationRecognizer.INSTANCE,
                NameRecognizer.INSTANCE, VocabularyRecognizer.INSTANCE);
    }

    public List<PhiRecognizer> recognizers() {
        return recognizers;
    }

    /**
     * Non-overlapping PHI spans in {@code text}, sorted by start. The recognizers read each {@link FoldedText} view
     * of the text (invisible chars dropped, look-alikes folded, bidi overrides shown as displayed), and every span
     * is mapped back to the original chars it came from, the invisible ones inside it included.
     */
    public List<PhiSpan> detect(String text) {
        List<PhiSpan> all = new ArrayList<>();
        for (FoldedText view : FoldedText.views(text)) {
            for (PhiSpan span : detectAsWritten(view.text())) {
                all.add(view.toOriginal(span));
            }
        }
        widenToWrittenForm(text, all);
        return resolve(all);
    }

    /**
     * Widens candidates in place over the words that belong to an identifier as written: a title before a name, a
     * possessive, a state after a place, a place after "in" ({@link SpanEdges}). Chart dictionary matches, and spans
     * overlapping one, keep their bounds. Callers that add candidates of their own call it before {@link #resolve}.
     */
    public static void widenToWrittenForm(String text, List<PhiSpan> candidates) {
        SpanEdges.widen(text, candidates);
    }

    /** Candidate spans (overlapping) in {@code text} exactly as given: callers that fold the text themselves. */
    public List<PhiSpan> detectAsWritten(String text) {
        List<PhiSpan> all = new ArrayList<>();
        TextScan scan = null;
        for (PhiRecognizer r : recognizers) {
            if (r instanceof ScanRecognizer sr) {
                if (scan == null) {
                    scan = TextScan.of(text);
                }
                sr.detect(scan, all);
            } else {
                all.addAll(r.detect(text));
            }
        }
        if (scan != null) {
            NameEchoes.add(scan, all);
        }
        return all;
    }

    /** Resolves overlapping candidates; public so callers combining their own recognizers can reuse it. */
    public static List<PhiSpan> resolve(List<PhiSpan> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<PhiSpan> sorted = new ArrayList<>(candidates);
        sorted.sort(BY_START);
        List<PhiSpan> out = new ArrayList<>();
        List<PhiSpan> cluster = new ArrayList<>();
        int clusterEnd = -1;
        for (PhiSpan s : sorted) {
            if (s.start() >= clusterEnd && !cluster.isEmpty()) {
                resolveCluster(cluster, out);
                cluster.clear();
            }
            cluster.add(s);
            clusterEnd = Math.max(clusterEnd, s.end());
        }
        resolveCluster(cluster, out);
        return out;
    }

    private static void resolveCluster(List<PhiSpan> cluster, List<PhiSpan> out) {
        if (cluster.size() == 1) {
            out.add(cluster.get(0));
            return;
        }
        cluster.sort(BY_RANK);
        List<PhiSpan> kept = new ArrayList<>();
        for (PhiSpan c : cluster) {
            boolean handled = false;
            for (int i = 0; i < kept.size() && !handled; i++) {
                PhiSpan k = kept.get(i);
                if (k.contains(c)) {
                    handled = true;
                } else if (k.overlaps(c)) {
                    PhiSpan winner = c.confidence() > k.confidence() ? c : k;
                    kept.set(i, winner.withBounds(Math.min(k.start(), c.start()), Math.max(k.end(), c.end())));
                    handled = true;
                }
            }
            if (!handled) {
                kept.add(c);
            }
        }
        // widening may have made kept spans overlap; merge them, the higher confidence names the type
        kept.sort(BY_START);
        PhiSpan cur = kept.get(0);
        for (int i = 1; i < kept.size(); i++) {
            PhiSpan n = kept.get(i);
            if (n.start() < cur.end()) {
                PhiSpan winner = n.confidence() > cur.confidence() ? n : cur;
                cur = winner.withBounds(cur.start(), Math.max(cur.end(), n.end()));
            } else {
                out.add(cur);
                cur = n;
            }
        }
        out.add(cur);
    }
}
