package org.signet.services.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/signet reliability}'s last line, from the output of its test run: the authorization cells and hostile
 * inputs checked (their suites print {@code authz-matrix <service> cells=N} and {@code hostile-inputs cases=N}), the
 * faults that reported ({@link ReliabilityReport}), the replicas killed, and the notes lost or doubled. It holds only
 * if the run and every test passed, at least one fault reported, and no note was lost or doubled.
 *
 * <p>Usage: {@code ReliabilitySummary <maven exit code> < output}; exits 0 only if it held.
 */
public final class ReliabilitySummary {

    private static final Pattern CELLS = Pattern.compile("authz-matrix [a-z-]+ cells=(\\d+)");
    private static final Pattern HOSTILE = Pattern.compile("hostile-inputs cases=(\\d+)");
    private static final Pattern FAULT = Pattern.compile(
            "reliability-fault name=(\\S+) notes_expected=(\\d+) notes_found=(\\d+)");
    private static final Pattern REPLICA = Pattern.compile("reliability-replica-killed ");
    /** A module's surefire total (a test class's own line ends "-- in <class>"). */
    private static final Pattern MODULE_TOTAL = Pattern.compile(
            "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: \\d+$");

    private long cells;
    private long hostile;
    private final Set<String> faults = new LinkedHashSet<>();
    private long replicas;
    private long lost;
    private long doubled;
    private long failedTests;

    /** Takes one line of the run's output. */
    public void read(String line) {
        Matcher m;
        if ((m = CELLS.matcher(line)).find()) {
            cells += Long.parseLong(m.group(1));
        } else if ((m = HOSTILE.matcher(line)).find()) {
            hostile += Long.parseLong(m.group(1));
        } else if ((m = FAULT.matcher(line)).find()) {
            faults.add(m.group(1));
            long expected = Long.parseLong(m.group(2));
            long found = Long.parseLong(m.group(3));
            lost += Math.max(0, expected - found);
            doubled += Math.max(0, found - expected);
        } else if (REPLICA.matcher(line).find()) {
            replicas++;
        } else if ((m = MODULE_TOTAL.matcher(line)).find()) {
            failedTests += Long.parseLong(m.group(2)) + Long.parseLong(m.group(3));
        }
    }

    public String line() {
        return "authz_cells=" + cells + " hostile_inputs=" + hostile + " faults=" + faults.size() + " replicas_killed="
                + replicas + " notes_lost=" + lost + " duplicates=" + doubled;
    }

    /**
     * Whether it held, given the exit code of the run that printed the lines: the run ends well even when tests fail
     * (they are counted from surefire's totals, so that every suite runs and reports), so both are asked.
     */
    public boolean held(int runExitCode) {
        return runExitCode == 0 && failedTests == 0 && !faults.isEmpty() && lost == 0 && doubled == 0;
    }

    /** Tests that failed or erred, by the modules' surefire totals. */
    public long failedTests() {
        return failedTests;
    }

    public static void main(String[] args) throws IOException {
        int runExitCode = Integer.parseInt(args[0]);
        ReliabilitySummary summary = new ReliabilitySummary();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                summary.read(line);
            }
        }
        if (summary.failedTests() > 0) {
            System.out.println(summary.failedTests() + " test(s) failed or erred: see the output above");
        }
        System.out.println(summary.line());
        System.exit(summary.held(runExitCode) ? 0 : 1);
    }
}
