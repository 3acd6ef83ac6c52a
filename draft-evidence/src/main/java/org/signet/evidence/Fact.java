package org.signet.evidence;

/**
 * Something the encounter holds that a note should mention: a problem, medication, allergy, procedure or vital,
 * active in the chart context or said in the transcript.
 *
 * @param kind    problem, medication, allergy, procedure or vital ({@link ChartItem} kinds)
 * @param name    how the source names it (tokens only): the chart's display, or the transcript's words
 * @param source  {@code chart} or {@code transcript}
 * @param item    the chart item's id, null for a transcript mention
 * @param start   the mention's transcript offset, -1 for a chart fact
 * @param end     the mention's end offset (exclusive), -1 for a chart fact
 * @param negated said as absent ("denies chest pain", "stopped the naproxen"): never an omission
 */
public record Fact(String kind, String name, String source, String item, int start, int end, boolean negated) {

    public static final String CHART = "chart";
    public static final String TRANSCRIPT = "transcript";

    /** A stable key within one draft: what an acknowledgement names. */
    public String key() {
        return CHART.equals(source) ? item : kind + ":" + name.toLowerCase(java.util.Locale.ROOT);
    }
}
