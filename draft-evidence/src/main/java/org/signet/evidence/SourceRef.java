package org.signet.evidence;

/**
 * Where a sentence of a draft comes from: a span of the pseudonymized transcript, or a chart item.
 *
 * @param type  {@code transcript} or {@code chart}
 * @param start transcript offset (inclusive), -1 for a chart item
 * @param end   transcript offset (exclusive), -1 for a chart item
 * @param item  the chart item's id ({@link ChartItem#id()}), null for a transcript span
 * @param score how much of the sentence this source covers, 0..1
 */
public record SourceRef(String type, int start, int end, String item, double score) {

    public static final String TRANSCRIPT = "transcript";
    public static final String CHART = "chart";

    public static SourceRef transcript(int start, int end, double score) {
        return new SourceRef(TRANSCRIPT, start, end, null, score);
    }

    public static SourceRef chart(String item, double score) {
        return new SourceRef(CHART, -1, -1, item, score);
    }
}
