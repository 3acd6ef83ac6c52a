package org.signet.evidence;

import org.signet.contracts.DraftEvidence.Fact;
import org.signet.contracts.DraftEvidence.ChartItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before sign: what the encounter holds ({@link EncounterFacts}) and the note does not mention. Negated facts are
 * never omissions ("denies chest pain" is not a problem to add).
 */
public final class OmissionCheck {

    private OmissionCheck() {
    }

    /** The facts {@code note} leaves out, in the order of {@code facts}. */
    public static List<Fact> open(String note, List<Fact> facts, List<ChartItem> chart) {
        Map<String, String> displays = new HashMap<>();
        chart.forEach(item -> displays.put(item.id(), item.display()));
        List<Set<String>> sentences = Mentions.sentenceStems(note == null ? "" : note);
        List<Fact> open = new ArrayList<>();
        for (Fact f : facts) {
            if (f.negated()) {
                continue;
            }
            String display = ChartItem.VITAL.equals(f.kind()) && f.item() != null ? displays.get(f.item()) : null;
            // the value without its relative time ("(2 days before)"), whose numbers are no part of it
            String value = display == null ? null : (display.startsWith(f.name())
                    ? display.substring(f.name().length()) : display).replaceAll("\\([^)]*\\)", " ");
            if (!Mentions.mentions(f, value, sentences)) {
                open.add(f);
            }
        }
        return open;
    }
}
