package org.signet.services.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReliabilitySummaryTest {

    private static ReliabilitySummary of(String... lines) {
        ReliabilitySummary summary = new ReliabilitySummary();
        for (String line : lines) {
            summary.read(line);
        }
        return summary;
    }

    @Test
    void addsUpWhatEverySuitePrinted() {
        ReliabilitySummary summary = of("[INFO] Running org.signet.scribe.rest.AuthorizationMatrixTest",
                "authz-matrix scribe-service cells=120", "authz-matrix signoff-service cells=360",
                "hostile-inputs cases=38", "hostile-inputs cases=5",
                "reliability-fault name=kafka-restart-sign-to-file notes_expected=1 notes_found=1",
                "reliability-fault name=model-server-hangs notes_expected=0 notes_found=0",
                "reliability-fault name=kafka-restart-sign-to-file notes_expected=1 notes_found=1");
        assertEquals("authz_cells=480 hostile_inputs=43 faults=2 replicas_killed=0 notes_lost=0 duplicates=0",
                summary.line());
        assertTrue(summary.held(0));
        assertFalse(summary.held(1), "a failed run never holds");
    }

    @Test
    void aNoteFiledTwiceOrNeverIsCountedAndFails() {
        ReliabilitySummary summary = of("reliability-fault name=a notes_expected=3 notes_found=4",
                "reliability-fault name=b notes_expected=2 notes_found=0");
        assertEquals("authz_cells=0 hostile_inputs=0 faults=2 replicas_killed=0 notes_lost=2 duplicates=1",
                summary.line());
        assertFalse(summary.held(0));
    }

    @Test
    void aFailedTestFailsTheRunEvenWhenMavenWentOn() {
        ReliabilitySummary summary = of("[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 1.3 s "
                        + "<<< FAILURE! -- in org.signet.signoff.rest.HostileInputTest",
                "[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0",
                "[INFO] Tests run: 6, Failures: 0, Errors: 0, Skipped: 0",
                "reliability-fault name=a notes_expected=1 notes_found=1");
        assertEquals(1, summary.failedTests(), "module totals only, not each class's line again");
        assertFalse(summary.held(0));
    }

    @Test
    void aRunThatReportedNoFaultDidNotProveAny() {
        assertFalse(of("authz-matrix tokenization-service cells=210").held(0));
    }
}
