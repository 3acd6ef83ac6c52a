package org.signet.services.testing;

/**
 * What a fault test saw, one line per fault on standard output, for {@code bin/signet reliability} to add up:
 * {@code reliability-fault name=<fault> notes_expected=<n> notes_found=<m>}. Notes are what must come out once
 * whatever the fault (signed notes filed, drafts queued); a test prints its line before it asserts, so a failing
 * test still reports what it found. A fault with nothing to count prints zeros: it held when its test passed.
 */
public final class ReliabilityReport {

    private ReliabilityReport() {}

    /** One replica of a service killed under load: {@code reliability-replica-killed service=<module> replica=<n>}. */
    public static void replicaKilled(String service, int replica) {
        System.out.println("reliability-replica-killed service=" + service + " replica=" + replica);
        System.out.flush();
    }

    public static void fault(String name, long notesExpected, long notesFound) {
        System.out.println("reliability-fault name=" + name + " notes_expected=" + notesExpected + " notes_found="
                + notesFound);
        System.out.flush();
    }
}
