package org.signet.tokenization.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * deid-eval: runs the free-text detector (no chart dictionary) over an annotated JSONL corpus and scores it
 * exactly as {@code deid-dev/evaluate.py} does. Usage: {@code DeidEval GOLD.jsonl [--pred-out PRED.jsonl]}, or
 * {@code DeidEval GOLD.jsonl --pred PRED.jsonl} to score a prediction file instead of the detector.
 * The last line printed is {@code overall recall=R precision=P f1=F}.
 */
public final class DeidEval {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]+");

    /** A gold or predicted span in UTF-16 offsets of the note text. */
    record Span(int start, int end, String type) {
    }

    record Note(String id, String text, List<Span> gold) {
    }

    /** The scores evaluate.py prints. */
    record Score(int found, int total, Map<String, Integer> byType, Map<String, Integer> byTypeFound, int correct,
                 int npred, int exact, Map<String, Integer> predByType, Map<String, Integer> predCorrectByType) {

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
    }

    private DeidEval() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DeidEval GOLD.jsonl [--pred-out PRED.jsonl | --pred PRED.jsonl]");
            System.exit(2);
        }
        Path gold = Path.of(args[0]);
        Path predOut = null;
        Path predIn = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--pred-out") && i + 1 < args.length) {
                predOut = Path.of(args[++i]);
            } else if (args[i].equals("--pred") && i + 1 < args.length) {
                predIn = Path.of(args[++i]);
            }
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Note> notes = load(json, gold);
        if (predIn != null) {
            // score someone else's predictions, exactly as evaluate.py would
            report(score(notes, loadPredictions(json, predIn, notes)), notes.size(), 0, 0).forEach(System.out::println);
            return;
        }
        PhiDetector detector = PhiDetector.defaults();
        Map<String, List<Span>> preds = new LinkedHashMap<>();
        long chars = 0;
        long t0 = System.nanoTime();
        for (Note n : notes.values()) {
            List<Span> ps = new ArrayList<>();
            for (PhiSpan s : detector.detect(n.text())) {
                ps.add(new Span(s.start(), s.end(), s.type().name()));
            }
            preds.put(n.id(), ps);
            chars += n.text().length();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (predOut != null) {
            writePredictions(json, notes, preds, predOut);
        }
        report(score(notes, preds), notes.size(), chars, secs).forEach(System.out::println);
    }

    static Map<String, Note> load(ObjectMapper json, Path file) throws IOException {
        // like evaluate.py's dict: a repeated id keeps its first position and its last content
        Map<String, Note> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = json.readTree(line);
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
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> byTypeFound = new TreeMap<>();
        Map<String, Integer> predByType = new TreeMap<>();
        Map<String, Integer> predCorrectByType = new TreeMap<>();
        for (Note g : gold.values()) {
            List<Span> preds = pred.getOrDefault(g.id(), List.of());
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
                }
            }
            Set<Long> goldPairs = new TreeSet<>();
            for (Span s : g.gold()) {
                goldPairs.add(((long) s.start() << 32) | s.end());
            }
            for (Span p : preds) {
                npred++;
                predByType.merge(p.type(), 1, Integer::sum);
                boolean ok = false;
                for (Span s : g.gold()) {
                    if (p.start() < s.end() && s.start() < p.end()) {
                        ok = true;
                        break;
                    }
                }
                if (ok) {
                    correct++;
                    predCorrectByType.merge(p.type(), 1, Integer::sum);
                }
                if (goldPairs.contains(((long) p.start() << 32) | p.end())) {
                    exact++;
                }
            }
        }
        return new Score(found, total, byType, byTypeFound, correct, npred, exact, predByType, predCorrectByType);
    }

    private static boolean covered(int start, int end, List<Span> preds) {
        for (Span p : preds) {
            if (p.start() <= start && end <= p.end()) {
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
     * Report layout: evaluate.py's per-type recall lines, per-type precision, throughput, exact figures, and the
     * headline last: {@code overall recall=R precision=P f1=F} (three decimals).
     */
    static List<String> report(Score sc, int notes, long chars, double secs) {
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
        if (chars > 0) {
            out.add(String.format(Locale.ROOT, "notes=%d chars=%d detect_seconds=%.3f throughput_MBps=%.2f", notes,
                    chars, secs, secs > 0 ? chars / 1e6 / secs : 0.0));
        }
        out.add(String.format(Locale.ROOT, "exact      recall=%.3f precision=%.3f",
                sc.total() == 0 ? 1.0 : (double) sc.exact() / sc.total(),
                sc.npred() == 0 ? 1.0 : (double) sc.exact() / sc.npred()));
        out.add(String.format(Locale.ROOT, "overall recall=%.3f precision=%.3f f1=%.3f", sc.recall(), sc.precision(),
                sc.f1()));
        return out;
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
