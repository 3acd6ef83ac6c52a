package org.signet.tokenization.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.signet.tokenization.detect.PhiDetector;
import org.signet.tokenization.detect.PhiSpan;

/**
 * deid-eval: runs the free-text detector (no chart dictionary) over one or more annotated JSONL corpora and scores
 * them exactly as {@code deid-dev/evaluate.py} does, per corpus and pooled. Usage:
 * {@code DeidEval GOLD.jsonl... [--show-misses]}, {@code DeidEval GOLD.jsonl --pred-out PRED.jsonl}, or
 * {@code DeidEval GOLD.jsonl --pred PRED.jsonl} to score a prediction file instead of the detector.
 * {@code --fold tune} or {@code --fold held} scores only one of two fixed parts of every corpus (see {@link Fold}).
 * The last line printed is {@code overall recall=R precision=P f1=F}, over all corpora pooled.
 */
public final class DeidEval {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]+");
    private static final String USAGE =
            "usage: DeidEval GOLD.jsonl... [--fold tune|held] [--show-misses]"
                    + " | DeidEval GOLD.jsonl [--fold tune|held] (--pred-out PRED.jsonl | --pred PRED.jsonl)";

    /**
     * A fixed split of any corpus by note id: {@code HELD} is the notes whose id's SHA-256 starts with a byte
     * divisible by 5 (about a fifth), {@code TUNE} the rest. Work looks only at the tune fold's misses and scores the
     * held one at the end, so that some text stays unread by whoever tunes the rules. The hash, not a position,
     * decides, so a note keeps its fold when a corpus is reordered or grows.
     */
    enum Fold {
        ALL, TUNE, HELD;

        boolean contains(String noteId) {
            if (this == ALL) {
                return true;
            }
            try {
                byte first = MessageDigest.getInstance("SHA-256").digest(noteId.getBytes(StandardCharsets.UTF_8))[0];
                return ((first & 0xff) % 5 == 0) == (this == HELD);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    /** A gold or predicted span in UTF-16 offsets of the note text. */
    record Span(int start, int end, String type) {
    }

    record Note(String id, String text, List<Span> gold) {
    }

    /** A gold span not found, or a prediction touching no gold span; {@code leaked}: no character of it covered. */
    record Miss(String noteId, Span span, String text, boolean leaked) {
    }

    /**
     * The scores evaluate.py prints, plus fully leaked gold spans and PHI-free notes with any redaction. Scores of
     * several corpora add up ({@link #plus}) to the score of the pooled notes.
     */
    record Score(int found, int total, Map<String, Integer> byType, Map<String, Integer> byTypeFound, int correct,
                 int npred, int exact, Map<String, Integer> predByType, Map<String, Integer> predCorrectByType,
                 int notes, Map<String, Integer> leakedByType, int phiFreeNotes, int phiFreeRedacted,
                 List<Miss> misses, List<Miss> falsePositives) {

        double recall() {
            return total == 0 ? 1.0 : (double) found / total;
        }

        double precision() {
            return npred == 0 ? 1.0 : (double) correct / npred;
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
        }

        int leaked() {
            return leakedByType.values().stream().mapToInt(Integer::intValue).sum();
        }

        Score plus(Score o) {
            return new Score(found + o.found, total + o.total, sum(byType, o.byType), sum(byTypeFound, o.byTypeFound),
                    correct + o.correct, npred + o.npred, exact + o.exact, sum(predByType, o.predByType),
                    sum(predCorrectByType, o.predCorrectByType), notes + o.notes, sum(leakedByType, o.leakedByType),
                    phiFreeNotes + o.phiFreeNotes, phiFreeRedacted + o.phiFreeRedacted, concat(misses, o.misses),
                    concat(falsePositives, o.falsePositives));
        }

        private static Map<String, Integer> sum(Map<String, Integer> a, Map<String, Integer> b) {
            Map<String, Integer> out = new TreeMap<>(a);
            b.forEach((k, v) -> out.merge(k, v, Integer::sum));
            return out;
        }

        private static List<Miss> concat(List<Miss> a, List<Miss> b) {
            List<Miss> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }

    /** Detection time over a corpus: the first pass (cold) and a second one after it (warm). */
    record Timing(long chars, double coldSeconds, double warmSeconds) {

        static final Timing NONE = new Timing(0, 0, 0);

        Timing plus(Timing o) {
            return new Timing(chars + o.chars, coldSeconds + o.coldSeconds, warmSeconds + o.warmSeconds);
        }
    }

    private DeidEval() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> golds = new ArrayList<>();
        Path predOut = null;
        Path predIn = null;
        boolean showMisses = false;
        Fold fold = Fold.ALL;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fold") && i + 1 < args.length) {
                String name = args[++i];
                if (!name.equals("tune") && !name.equals("held")) {
                    usage("--fold takes tune or held, not " + name);
                }
                fold = Fold.valueOf(name.toUpperCase(Locale.ROOT));
            } else if (args[i].equals("--pred-out") && i + 1 < args.length) {
                predOut = Path.of(args[++i]);
            } else if (args[i].equals("--pred") && i + 1 < args.length) {
                predIn = Path.of(args[++i]);
            } else if (args[i].equals("--show-misses")) {
                showMisses = true;
            } else if (args[i].startsWith("--")) {
                usage("unknown option " + args[i]);
            } else {
                golds.add(Path.of(args[i]));
            }
        }
        if (golds.isEmpty()) {
            usage("no corpus given");
        }
        if ((predIn != null || predOut != null) && golds.size() > 1) {
            usage("--pred and --pred-out take one corpus (note ids are only unique within one)");
        }
        ObjectMapper json = new ObjectMapper();
        if (predIn != null) {
            // score someone else's predictions, exactly as evaluate.py would
            Map<String, Note> notes = load(json, golds.get(0), fold);
            Score sc = score(notes, loadPredictions(json, predIn, notes));
            printMisses(json, sc, showMisses);
            report(sc, Timing.NONE, "overall").forEach(System.out::println);
            return;
        }
        PhiDetector detector = PhiDetector.defaults();
        Score pooled = null;
        Timing pooledTime = Timing.NONE;
        for (Path gold : golds) {
            Map<String, Note> notes = load(json, gold, fold);
            long chars = notes.values().stream().mapToLong(n -> n.text().length()).sum();
            long t0 = System.nanoTime();
            Map<String, List<Span>> preds = detect(detector, notes);
            long t1 = System.nanoTime();
            // the first pass was the warm-up: the JIT has compiled detection, so this one is the steady-state figure
            Map<String, List<Span>> again = detect(detector, notes);
            long t2 = System.nanoTime();
            if (!again.equals(preds)) {
                System.err.println("deid-eval: detection differed between the two passes over " + gold);
            }
            if (predOut != null) {
                writePredictions(json, notes, preds, predOut);
            }
            Score sc = score(notes, preds);
            Timing time = new Timing(chars, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            pooled = pooled == null ? sc : pooled.plus(sc);
            pooledTime = pooledTime.plus(time);
            if (golds.size() > 1) {
                System.out.println("== corpus " + gold + " ==");
                printMisses(json, sc, showMisses);
                report(sc, time, "corpus").forEach(System.out::println);
            } else {
                printMisses(json, sc, showMisses);
            }
        }
        if (golds.size() > 1) {
            System.out.println("== overall: " + golds.size() + " corpora, counts pooled ==");
        }
        report(pooled, pooledTime, "overall").forEach(System.out::println);
    }

    private static void usage(String why) {
        System.err.println("deid-eval: " + why + "\n" + USAGE);
        System.exit(2);
    }

    /** The detector's spans for every note, by note id. */
    static Map<String, List<Span>> detect(PhiDetector detector, Map<String, Note> notes) {
        Map<String, List<Span>> preds = new LinkedHashMap<>();
        for (Note n : notes.values()) {
            List<Span> ps = new ArrayList<>();
            for (PhiSpan s : detector.detect(n.text())) {
                ps.add(new Span(s.start(), s.end(), s.type().name()));
            }
            preds.put(n.id(), ps);
        }
        return preds;
    }

    static Map<String, Note> load(ObjectMapper json, Path file) throws IOException {
        return load(json, file, Fold.ALL);
    }

    /** The notes of {@code file} that lie in {@code fold}, by id in file order. */
    static Map<String, Note> load(ObjectMapper json, Path file, Fold fold) throws IOException {
        // like evaluate.py's dict: a repeated id keeps its first position and its last content
        Map<String, Note> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = json.readTree(line);
            if (!fold.contains(r.get("id").asText())) {
                continue;
            }
            String text = r.path("text").asText("");
            List<Span> spans = new ArrayList<>();
            for (JsonNode s : r.path("phi")) {
                spans.add(new Span(utf16(text, s.get("start").asInt()), utf16(text, s.get("end").asInt()),
                        s.path("type").asText("")));
            }
            out.put(r.get("id").asText(), new Note(r.get("id").asText(), text, spans));
        }
        return out;
    }

    /** Python offsets count code points; Java strings index UTF-16 units. */
    private static int utf16(String text, int codePoints) {
        try {
            return text.offsetByCodePoints(0, codePoints);
        } catch (IndexOutOfBoundsException e) {
            return Math.min(codePoints, text.length());
        }
    }

    private static int codePoints(String text, int utf16) {
        return text.codePointCount(0, Math.min(utf16, text.length()));
    }

    static Score score(Map<String, Note> gold, Map<String, List<Span>> pred) {
        int found = 0;
        int total = 0;
        int correct = 0;
        int npred = 0;
        int exact = 0;
        int phiFree = 0;
        int phiFreeRedacted = 0;
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> byTypeFound = new TreeMap<>();
        Map<String, Integer> predByType = new TreeMap<>();
        Map<String, Integer> predCorrectByType = new TreeMap<>();
        Map<String, Integer> leakedByType = new TreeMap<>();
        List<Miss> misses = new ArrayList<>();
        List<Miss> falsePositives = new ArrayList<>();
        for (Note g : gold.values()) {
            List<Span> preds = pred.getOrDefault(g.id(), List.of());
            if (g.gold().isEmpty()) {
                phiFree++;
                phiFreeRedacted += preds.isEmpty() ? 0 : 1;
            }
            for (Span s : g.gold()) {
                total++;
                byType.merge(s.type(), 1, Integer::sum);
                boolean all = true;
                Matcher m = TOKEN.matcher(g.text()).region(s.start(), s.end());
                while (m.find() && all) {
                    all = covered(m.start(), m.end(), preds);
                }
                if (all) {
                    found++;
                    byTypeFound.merge(s.type(), 1, Integer::sum);
                } else {
                    boolean leaked = !overlapsAny(s, preds);
                    if (leaked) {
                        leakedByType.merge(s.type(), 1, Integer::sum);
                    }
                    misses.add(new Miss(g.id(), s, g.text().substring(s.start(), s.end()), leaked));
                }
            }
            Set<Long> goldPairs = new TreeSet<>();
            for (Span s : g.gold()) {
                goldPairs.add(((long) s.start() << 32) | s.end());
            }
            for (Span p : preds) {
                npred++;
                predByType.merge(p.type(), 1, Integer::sum);
                if (overlapsAny(p, g.gold())) {
                    correct++;
                    predCorrectByType.merge(p.type(), 1, Integer::sum);
                } else {
                    falsePositives.add(new Miss(g.id(), p, g.text().substring(p.start(), p.end()), false));
                }
                if (goldPairs.contains(((long) p.start() << 32) | p.end())) {
                    exact++;
                }
            }
        }
        return new Score(found, total, byType, byTypeFound, correct, npred, exact, predByType, predCorrectByType,
                gold.size(), leakedByType, phiFree, phiFreeRedacted, misses, falsePositives);
    }

    private static boolean covered(int start, int end, List<Span> preds) {
        for (Span p : preds) {
            if (p.start() <= start && end <= p.end()) {
                return true;
            }
        }
        return false;
    }

    /** Whether any character of {@code s} lies in one of {@code others}. */
    private static boolean overlapsAny(Span s, List<Span> others) {
        for (Span o : others) {
            if (o.start() < s.end() && s.start() < o.end()) {
                return true;
            }
        }
        return false;
    }

    private static void writePredictions(ObjectMapper json, Map<String, Note> notes, Map<String, List<Span>> preds,
                                         Path out) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Note n : notes.values()) {
                ObjectNode o = json.createObjectNode();
                o.put("id", n.id());
                ArrayNode arr = o.putArray("phi");
                for (Span s : preds.get(n.id())) {
                    ObjectNode p = arr.addObject();
                    p.put("start", codePoints(n.text(), s.start()));
                    p.put("end", codePoints(n.text(), s.end()));
                    p.put("type", s.type());
                    p.put("text", n.text().substring(s.start(), s.end()));
                }
                w.write(json.writeValueAsString(o));
                w.newLine();
            }
        }
    }

    /**
     * With {@code --show-misses}: every gold span not found and every prediction touching no gold, with its text.
     * Only to the terminal: the corpora hold surrogate PHI, but this text must never reach a log.
     */
    private static void printMisses(ObjectMapper json, Score sc, boolean show) throws JsonProcessingException {
        if (!show) {
            return;
        }
        for (Miss m : sc.misses()) {
            System.out.printf(Locale.ROOT, "miss %-12s %-7s note=%s %s%n", m.span().type(),
                    m.leaked() ? "leaked" : "partial", m.noteId(), json.writeValueAsString(m.text()));
        }
        for (Miss m : sc.falsePositives()) {
            System.out.printf(Locale.ROOT, "false-positive %-12s note=%s %s%n", m.span().type(), m.noteId(),
                    json.writeValueAsString(m.text()));
        }
    }

    /**
     * Report layout: evaluate.py's per-type recall lines, per-type precision, throughput (warm, then cold), fully
     * leaked values, PHI-free notes redacted, exact figures, and the headline last:
     * {@code <headline> recall=R precision=P f1=F} (three decimals), {@code headline} being {@code overall} or
     * {@code corpus}.
     */
    static List<String> report(Score sc, Timing time, String headline) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sc.byType().entrySet()) {
            int f = sc.byTypeFound().getOrDefault(e.getKey(), 0);
            out.add(String.format(Locale.ROOT, "%-12s recall=%.3f (%d/%d)", e.getKey(), (double) f / e.getValue(), f,
                    e.getValue()));
        }
        for (Map.Entry<String, Integer> e : sc.predByType().entrySet()) {
            int c = sc.predCorrectByType().getOrDefault(e.getKey(), 0);
            out.add(String.format(Locale.ROOT, "pred %-12s precision=%.3f (%d/%d)", e.getKey(),
                    (double) c / e.getValue(), c, e.getValue()));
        }
        if (time.chars() > 0) {
            // throughput_MBps keeps its name and is the warm figure; the cold one (first pass) sits beside it
            out.add(String.format(Locale.ROOT, "notes=%d chars=%d detect_seconds=%.3f throughput_MBps=%.2f", sc.notes(),
                    time.chars(), time.warmSeconds(), mbps(time.chars(), time.warmSeconds())));
            out.add(String.format(Locale.ROOT, "warm_up_passes=1 detect_seconds_cold=%.3f throughput_MBps_cold=%.2f",
                    time.coldSeconds(), mbps(time.chars(), time.coldSeconds())));
        }
        StringBuilder leaked = new StringBuilder(String.format(Locale.ROOT, "leaked       values=%d/%d (%.3f)",
                sc.leaked(), sc.total(), sc.total() == 0 ? 0.0 : (double) sc.leaked() / sc.total()));
        sc.leakedByType().forEach((type, n) -> leaked.append(' ').append(type).append('=').append(n));
        out.add(leaked.toString());
        out.add(String.format(Locale.ROOT, "phi_free_notes=%d redacted=%d share=%.3f", sc.phiFreeNotes(),
                sc.phiFreeRedacted(), sc.phiFreeNotes() == 0 ? 0.0 : (double) sc.phiFreeRedacted() / sc.phiFreeNotes()));
        out.add(String.format(Locale.ROOT, "exact      recall=%.3f precision=%.3f",
                sc.total() == 0 ? 1.0 : (double) sc.exact() / sc.total(),
                sc.npred() == 0 ? 1.0 : (double) sc.exact() / sc.npred()));
        out.add(String.format(Locale.ROOT, "%s recall=%.3f precision=%.3f f1=%.3f", headline, sc.recall(),
                sc.precision(), sc.f1()));
        return out;
    }

    private static double mbps(long chars, double secs) {
        return secs > 0 ? chars / 1e6 / secs : 0.0;
    }

    /** Predicted spans from a JSONL file in evaluate.py's format (code-point offsets into the gold texts). */
    static Map<String, List<Span>> loadPredictions(ObjectMapper json, Path file, Map<String, Note> gold)
            throws IOException {
        Map<String, List<Span>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = json.readTree(line);
            String id = r.get("id").asText();
            Note n = gold.get(id);
            String text = n == null ? "" : n.text();
            List<Span> spans = new ArrayList<>();
            for (JsonNode s : r.path("phi")) {
                spans.add(new Span(utf16(text, s.get("start").asInt()), utf16(text, s.get("end").asInt()),
                        s.path("type").asText("")));
            }
            out.put(id, spans);
        }
        return out;
    }
}
