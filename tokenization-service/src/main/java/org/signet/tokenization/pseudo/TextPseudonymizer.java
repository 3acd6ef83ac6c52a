package org.signet.tokenization.pseudo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.signet.tokenization.detect.ChartDictionaryRecognizer;
import org.signet.tokenization.detect.ChartDigitRuns;
import org.signet.tokenization.detect.ChartIdentifier;
import org.signet.tokenization.detect.ChartMatch;
import org.signet.tokenization.detect.FoldedText;
import org.signet.tokenization.detect.PhiDetector;
import org.signet.tokenization.detect.PhiSpan;
import org.signet.tokenization.detect.PhiType;

/**
 * Pseudonymizes free text (a transcript, a note, a narrative): detects PHI spans, then replaces each one.
 *
 * <ul>
 *   <li>A span the chart dictionary matched gets the token of the chart entry it came from —
 *       {@code tokenFor(entry.tokenType, entry.original)} — so "Mrs. Ruelas" in a transcript becomes the same
 *       {@code [[PATIENT_NAME_1]]} that Patient.name got;</li>
 *   <li>any other span gets {@code tokenFor(Tokens.defaultTokenType(type), spanText)};</li>
 *   <li>AGE spans (ages over 89, the number only) become {@code 90+};</li>
 *   <li>DATE spans are shifted by the vault's offset in their written form when {@link DateHandling#SHIFT} and
 *       the form has a year; otherwise tokenized.</li>
 * </ul>
 * Immutable and thread-safe; bind a chart once with {@link #withChart} and reuse the {@link Bound} for every text
 * of the same vault (building the chart automaton is the expensive part).
 */
public final class TextPseudonymizer {

    /** What free text does with a detected date. */
    public enum DateHandling {
        /** {@code [[DATE_n]]}, or the chart entry's token. */
        TOKEN,
        /** Shifted like the structured dates when the written form has a year; tokenized otherwise. */
        SHIFT
    }

    /** How a span was replaced. */
    public enum Action {
        TOKEN, DATE_SHIFT, GENERALIZE
    }

    /**
     * One replaced span, in OUTPUT coordinates: {@code result.text().substring(start, end)} is the replacement
     * (the token, the shifted date, "90+"). The original is deliberately not part of it.
     *
     * @param fromChart true if the chart dictionary matched it (the token is then the chart entry's)
     */
    public record Replacement(PhiType type, int start, int end, Action action, String recognizer, boolean fromChart) {
    }

    /** The pseudonymized text and what was replaced in it. */
    public record Result(String text, List<Replacement> spans) {
    }

    private final DateHandling dates;
    private final PhiDetector builtIn = PhiDetector.defaults();

    public TextPseudonymizer(DateHandling dates) {
        this.dates = dates;
    }

    /** Dates tokenized. */
    public TextPseudonymizer() {
        this(DateHandling.TOKEN);
    }

    public DateHandling dates() {
        return dates;
    }

    /** One-off: builds the chart dictionary for this call. Prefer {@link #withChart} for many texts. */
    public Result pseudonymize(String text, TokenIssuer issuer, Collection<ChartEntry> chart) {
        return withChart(chart).pseudonymize(text, issuer);
    }

    /** A pseudonymizer bound to one vault's chart; the first entry for a written form wins, as in the chart. */
    public Bound withChart(Collection<ChartEntry> chart) {
        return new Bound(chart);
    }

    /** {@link TextPseudonymizer} with a chart dictionary built. Thread-safe. */
    public final class Bound {

        private final ChartDictionaryRecognizer recognizer;
        private final ChartDigitRuns digitRuns;
        private final Map<ChartIdentifier, ChartEntry> entryBySource = new IdentityHashMap<>();

        private Bound(Collection<ChartEntry> chart) {
            List<ChartIdentifier> ids = new ArrayList<>(chart.size());
            for (ChartEntry e : chart) {
                ChartIdentifier id = new ChartIdentifier(e.phiType(), e.original());
                ids.add(id);
                entryBySource.put(id, e);
            }
            this.recognizer = ChartDictionaryRecognizer.of(ids);
            this.digitRuns = new ChartDigitRuns(ids);
        }

        /**
         * Replaces every identifier in {@code text}. Detection reads each {@link FoldedText} view, so an identifier
         * disguised with invisible or look-alike chars is replaced whole; the text between replacements is kept as
         * written, except that token-shaped text in it is escaped ({@link Tokens#escapeLiterals}): only tokens this
         * vault issued may ever be re-identified.
         */
        public Result pseudonymize(String text, TokenIssuer issuer) {
            if (text == null || text.isEmpty()) {
                return new Result(text, List.of());
            }
            List<PhiSpan> candidates = new ArrayList<>();
            List<ChartMatch> matches = new ArrayList<>();
            for (FoldedText view : FoldedText.views(text)) {
                for (PhiSpan span : builtIn.detectAsWritten(view.text())) {
                    candidates.add(view.toOriginal(span));
                }
                if (!entryBySource.isEmpty()) {
                    for (ChartMatch m : chartMatches(view.text())) {
                        ChartMatch original = view.toOriginal(m);
                        matches.add(original);
                        candidates.add(new PhiSpan(m.type(), original.start(), original.end(), recognizer.name(),
                                0.98));
                    }
                }
            }
            matches.sort(Comparator.comparingInt(ChartMatch::start));
            PhiDetector.widenToWrittenForm(text, candidates);
            List<PhiSpan> spans = PhiDetector.resolve(candidates);
            if (spans.isEmpty()) {
                return new Result(Tokens.escapeLiterals(text), List.of());
            }
            StringBuilder out = new StringBuilder(text.length() + spans.size() * 8);
            List<Replacement> replaced = new ArrayList<>(spans.size());
            int last = 0;
            for (PhiSpan s : spans) {
                Tokens.appendEscaped(out, text, last, s.start());
                String original = text.substring(s.start(), s.end());
                ChartEntry source = sourceOf(s, matches);
                Action action = Action.TOKEN;
                String replacement = null;
                if (s.type() == PhiType.AGE && Generalization.isWholeNumber(original)) {
                    replacement = Generalization.age(Integer.parseInt(original.strip()));
                    action = Action.GENERALIZE;
                } else if (s.type() == PhiType.DATE && dates == DateHandling.SHIFT) {
                    Optional<String> shifted = DateShift.shiftWritten(original, issuer.dateShiftDays());
                    if (shifted.isPresent()) {
                        replacement = shifted.get();
                        action = Action.DATE_SHIFT;
                    }
                }
                if (replacement == null) {
                    replacement = source != null ? issuer.tokenFor(source.tokenType(), source.original())
                            : issuer.tokenFor(Tokens.defaultTokenType(s.type()), original);
                }
                int start = out.length();
                out.append(replacement);
                replaced.add(new Replacement(s.type(), start, out.length(), action, s.recognizer(), source != null));
                last = s.end();
            }
            Tokens.appendEscaped(out, text, last, text.length());
            return new Result(out.toString(), List.copyOf(replaced));
        }

        /** Written forms from the dictionary, plus chart numbers found by their digits in any other spacing. */
        private List<ChartMatch> chartMatches(String text) {
            List<ChartMatch> written = recognizer.match(text);
            List<ChartMatch> byDigits = digitRuns.match(text);
            if (byDigits.isEmpty()) {
                return written;
            }
            List<ChartMatch> all = new ArrayList<>(written);
            for (ChartMatch m : byDigits) {
                if (written.stream().noneMatch(w -> w.start() <= m.start() && w.end() >= m.end())) {
                    all.add(m);
                }
            }
            all.sort(Comparator.comparingInt(ChartMatch::start));
            return all;
        }

        /**
         * The chart entry a resolved span stands for: the chart match with its exact bounds, else the longest chart
         * match of the same type inside it (the span was widened by an overlapping recognizer), else none.
         */
        private ChartEntry sourceOf(PhiSpan s, List<ChartMatch> matches) {
            ChartMatch best = null;
            for (ChartMatch m : matches) {
                if (m.start() >= s.end()) {
                    break;
                }
                if (m.start() == s.start() && m.end() == s.end()) {
                    return entryBySource.get(m.source());
                }
                if (m.start() >= s.start() && m.end() <= s.end() && m.type() == s.type()
                        && (best == null || m.length() > best.length())) {
                    best = m;
                }
            }
            return best == null ? null : entryBySource.get(best.source());
        }
    }
}
