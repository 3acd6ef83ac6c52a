package org.signet.benchmarks;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.signet.tokenization.pseudo.FhirPseudonymizer;
import org.signet.tokenization.pseudo.InMemoryTokenIssuer;

/**
 * FHIR Bundle pseudonymization with the shipped Safe Harbor profile over the Synthea patient bundles (parsed once;
 * each operation pseudonymizes one bundle into a fresh vault-like issuer, as a draft job would). The
 * {@code resources} secondary score is resources per second. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar FhirPseudonymization -f 1 -wi 3 -i 5 -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FhirPseudonymizationBenchmark {

    /** Folder of Synthea transaction bundles; empty means {@code ../shared/data/synthea/ms-anonymizer-samples-r4}. */
    @Param("")
    public String bundles;

    private List<Bundle> patients;
    private FhirPseudonymizer pseudonymizer;
    private int next;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Resources {
        public long resources;

        @Setup(Level.Iteration)
        public void reset() {
            resources = 0;
        }
    }

    @Setup
    public void load() {
        Path folder = Path.of(bundles.isEmpty() ? System.getProperty("signet.bench.bundles",
                "../shared/data/synthea/ms-anonymizer-samples-r4") : bundles);
        var parser = FhirContext.forR4Cached().newJsonParser();
        try (Stream<Path> files = Files.list(folder)) {
            patients = files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().startsWith("hospital")
                            && !f.getFileName().toString().startsWith("practitioner"))
                    .sorted()
                    .map(f -> {
                        try {
                            return parser.parseResource(Bundle.class, Files.readString(f));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundles in " + folder.toAbsolutePath(), e);
        }
        if (patients.isEmpty()) {
            throw new IllegalStateException("no bundles in " + folder.toAbsolutePath());
        }
        pseudonymizer = FhirPseudonymizer.safeHarbor();
    }

    @Benchmark
    public void pseudonymizeBundle(Resources counter, Blackhole sink) {
        Bundle bundle = patients.get(next++ % patients.size());
        sink.consume(pseudonymizer.pseudonymize(bundle, new InMemoryTokenIssuer(-137)));
        counter.resources += bundle.getEntry().size();
    }
}
