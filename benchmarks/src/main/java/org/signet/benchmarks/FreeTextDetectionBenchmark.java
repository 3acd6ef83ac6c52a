package org.signet.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.signet.tokenization.detect.ChartDictionaryRecognizer;
import org.signet.tokenization.detect.ChartIdentifier;
import org.signet.tokenization.detect.PhiDetector;
import org.signet.tokenization.detect.PhiType;

/**
 * Free-text PHI detection throughput on clinical prose: the deid-dev note texts concatenated into a ~100 KB
 * corpus. Run: {@code java -jar benchmarks/target/benchmarks.jar FreeTextDetection -f 1 -wi 3 -i 5 -t 1}.
 * The primary score is corpus passes per second; the {@code chars} secondary score is characters per second
 * (the corpus is ASCII, so chars/s / 1e6 = MB/s), and each iteration also prints its MB/s. {@code
 * corpusDefaultsTypographic} runs the same corpus with curly apostrophes and no-break spaces, the non-ASCII path;
 * {@code adversarialDefaults} a megabyte of text made to be slow. {@code -p notes=FILE} picks the corpus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FreeTextDetectionBenchmark {

    /** The annotated notes file; empty means system property {@code signet.bench.notes} or the repo default. */
    @Param("")
    public String notes;

    /** Stop concatenating notes once the corpus has this many chars. */
    @Param("100000")
    public int corpusChars;

    private String corpus;
    /** The corpus as typed on a phone or pasted from a word processor: curly apostrophes, degree signs, NBSPs. */
    private String typographicCorpus;
    /** 1 MiB made to be slow: capital runs, digit runs, punctuation storms, look-alikes, zero-width chars. */
    private String adversarial;
    private List<String> noteTexts;
    private int noteChars;
    private PhiDetector defaults;
    private PhiDetector withChart;

    /** Chars processed, reported by JMH as a rate next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Chars {
        public long chars;
        private long iterationChars;
        private long iterationStart;

        @Setup(Level.Iteration)
        public void start() {
            chars = 0;
            iterationChars = 0;
            iterationStart = System.nanoTime();
        }

        void add(int n) {
            chars += n;
            iterationChars += n;
        }

        @TearDown(Level.Iteration)
        public void report() {
            double secs = (System.nanoTime() - iterationStart) / 1e9;
            System.out.printf(Locale.ROOT, " [%.1f MB/s]", iterationChars / 1e6 / secs);
        }
    }

    @Setup
    public void setup() throws IOException {
        String path = notes.isEmpty() ? System.getProperty("signet.bench.notes", "../shared/data/deid-dev/notes.jsonl")
                : notes;
        noteTexts = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(path), StandardCharsets.UTF_8)) {
            if (all.length() >= corpusChars) {
                break;
            }
            String text = jsonString(line, "text");
            if (text != null) {
                noteTexts.add(text);
                noteChars += text.length();
                all.append(text).append("\n\n");
            }
        }
        if (all.length() == 0) {
            throw new UncheckedIOException(new IOException("no note texts in " + path));
        }
        corpus = all.toString();
        // any non-ASCII char takes the text through FoldedText's folded view: this measures that path
        typographicCorpus = corpus.replace('\'', '\u2019').replace(", ", ",\u00A0").replace(" F ", "\u00B0F ");
        adversarial = adversarialText(1 << 20);
        defaults = PhiDetector.defaults();
        withChart = PhiDetector.withChart(ChartDictionaryRecognizer.of(List.of(
                new ChartIdentifier(PhiType.NAME, "Janet M. Baker"),
                new ChartIdentifier(PhiType.NAME, "Louis Baker"),
                new ChartIdentifier(PhiType.DATE, "1931-02-08"),
                new ChartIdentifier(PhiType.MRN, "A104-958-87"),
                new ChartIdentifier(PhiType.PHONE, "(311) 583-3910"),
                new ChartIdentifier(PhiType.ADDRESS, "1420 W Elm Street, Apt 4B"),
                new ChartIdentifier(PhiType.EMAIL, "janet.baker@example.org"))));
        System.out.printf(Locale.ROOT, "%ncorpus: %d notes, %d chars%n", noteTexts.size(), corpus.length());
    }

    /** The whole corpus as one text, with the built-in recognizers. */
    @Benchmark
    public int corpusDefaults(Chars c) {
        c.add(corpus.length());
        return defaults.detect(corpus).size();
    }

    /** The whole corpus with typographic (non-ASCII) punctuation, so detection reads its folded view. */
    @Benchmark
    public int corpusDefaultsTypographic(Chars c) {
        c.add(typographicCorpus.length());
        return defaults.detect(typographicCorpus).size();
    }

    /** 1 MiB of hostile text ({@link #adversarialText}): must stay within a few times the per-MB time of prose. */
    @Benchmark
    public int adversarialDefaults(Chars c) {
        c.add(adversarial.length());
        return defaults.detect(adversarial).size();
    }

    /**
     * Hostile text of about {@code chars} chars, the same every run: long runs of capitals, digits and spaces after
     * identifier keywords, punctuation storms, Cyrillic look-alikes, zero-width spaces and bidi overrides, titles and
     * street words with nothing after them, and dates and phone numbers cut short.
     */
    static String adversarialText(int chars) {
        String[] pieces = {
            "A".repeat(300) + " ", "1".repeat(300) + " ", "1 ".repeat(150), "1-".repeat(150), "./".repeat(150),
            "Dr. ".repeat(60), "St ".repeat(60), "Mr. A. ".repeat(40), "(555) ".repeat(40), "12/".repeat(80),
            "January ".repeat(30), ", ".repeat(150), "JOHN SMITH ".repeat(30), "AB-12 ".repeat(40),
            "chart." + " ".repeat(40) + "\nlines: 22 in l\n", "MRN" + " \t".repeat(20) + ": - 7\n",
            "\u0410\u200Bnt\u043Enia \uFF32ue\u00ADlas ".repeat(20), "\u202Esaleur ainotnA\u202C ".repeat(20),
            "5\u200B5\u200B5-355-01 ".repeat(30), "at at at at in in from from ".repeat(20), "((((((((((".repeat(30),
            "Suite Apt Unit Box ".repeat(30), "PO Box ".repeat(40), "age aged y/o yo ".repeat(30),
            "http://".repeat(40), "@".repeat(200) + " ", "x@y.".repeat(60), "#".repeat(300) + " ",
        };
        StringBuilder out = new StringBuilder(chars + 2048);
        for (int i = 0; out.length() < chars; i++) {
            out.append(pieces[i % pieces.length]).append('\n');
        }
        return out.substring(0, chars);
    }

    /** The whole corpus as one text, with a patient's chart dictionary added. */
    @Benchmark
    public int corpusWithChart(Chars c) {
        c.add(corpus.length());
        return withChart.detect(corpus).size();
    }

    /** Note by note, as the service sees them (per-call costs included). */
    @Benchmark
    public void perNoteDefaults(Chars c, Blackhole bh) {
        for (String t : noteTexts) {
            bh.consume(defaults.detect(t));
        }
        c.add(noteChars);
    }

    /** The string value of {@code "key"} in one JSON line (enough JSON for the notes file; no library). */
    static String jsonString(String line, String key) {
        int k = line.indexOf("\"" + key + "\"");
        if (k < 0) {
            return null;
        }
        int i = line.indexOf('"', line.indexOf(':', k + key.length() + 2) + 1);
        StringBuilder out = new StringBuilder();
        for (i = i + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = line.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return null;
    }
}
