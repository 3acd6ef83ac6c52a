package org.signet.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.signet.contracts.DraftEvidence.ChartItem;
import org.signet.contracts.DraftEvidence.Fact;
import org.signet.evidence.EncounterFacts;
import org.signet.evidence.EvidenceAligner;
import org.signet.evidence.OmissionCheck;
import org.signet.evidence.TranscriptUnits;

/**
 * What evidence adds to one draft: reading the transcript into turns, aligning every sentence of a note to the
 * transcript and chart, finding the encounter's facts and checking the note for omissions — per draft, over the
 * 51 evaluation encounters in turn (their transcripts and reference notes; chart items named as the set's chart
 * facts). Sample mode, so JMH prints p50 and p95 per draft. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar DraftEvidence -f 1 -wi 3 -i 5 -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DraftEvidenceBenchmark {

    /** The evaluation set's directory; empty means the repository's. */
    @Param("")
    public String set;

    private record Encounter(String transcript, String note, List<ChartItem> chart, List<String> headings) {}

    private final List<Encounter> encounters = new ArrayList<>();
    private int next;

    @Setup
    public void load() {
        Path dir = Path.of(set.isEmpty() ? "scribe-service/src/test/resources/draft-eval" : set);
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        encounters.add(encounter(json.readTree(line)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (encounters.isEmpty()) {
            throw new IllegalStateException("no encounters in " + dir.toAbsolutePath());
        }
    }

    private static Encounter encounter(JsonNode n) {
        List<ChartItem> chart = new ArrayList<>();
        for (JsonNode f : n.path("facts")) {
            if ("chart".equals(f.path("source").asText())) {
                String name = f.path("name").asText();
                chart.add(new ChartItem(f.path("kind").asText() + ":Resource/" + chart.size(), f.path("kind").asText(),
                        "Resource", String.valueOf(chart.size()), "code", name, name, null));
            }
        }
        List<String> headings = new ArrayList<>();
        for (String line : n.path("referenceNote").asText().split("\n")) {
            if (!line.isBlank() && line.split(" ").length <= 5 && !line.endsWith(".")) {
                headings.add(line.strip());
            }
        }
        return new Encounter(n.path("transcript").asText(), n.path("referenceNote").asText(), chart, headings);
    }

    @Benchmark
    public void evidenceOfOneDraft(Blackhole sink) {
        Encounter e = encounters.get(next++ % encounters.size());
        List<TranscriptUnits.Unit> units = TranscriptUnits.of(e.transcript());
        sink.consume(new EvidenceAligner(e.transcript(), units, e.chart()).align(e.note(), e.headings()));
        List<Fact> facts = EncounterFacts.of(e.transcript(), units, e.chart());
        sink.consume(OmissionCheck.open(e.note(), facts, e.chart()));
    }
}
