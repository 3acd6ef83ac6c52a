package org.signet.scribe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluation set scored as {@code bin/signet draft-eval} scores it (charts read in place from
 * ../shared/data/synthea): fails if the structured drafter's supported share, or the omission check's recall or
 * precision, falls below what the README claims.
 */
class DraftEvalTest {

    static final Path SET = Path.of("src/test/resources/draft-eval");
    static final Path CHARTS = Path.of("../../shared/data/synthea");

    @Test
    void theSetScoresAtLeastWhatTheReadmeClaims() throws Exception {
        assertTrue(Files.isDirectory(CHARTS), "the Synthea charts are read in place from " + CHARTS.toAbsolutePath());
        List<DraftEval.Case> cases = DraftEval.load(SET, CHARTS);
        assertEquals(51, cases.size());
        assertTrue(cases.stream().allMatch(c -> !c.context().items().isEmpty()), "every chart read");
        DraftEval.Scores scores = DraftEval.score(cases);
        DraftEval.Score structured = scores.structured();
        DraftEval.Score reference = scores.reference();
        assertTrue(structured.seeded >= 80, "seeded omissions: " + structured.seeded);
        assertTrue(structured.supportedShare() >= 0.95, "structured supported " + structured.supportedShare());
        assertTrue(structured.recall() >= 0.78, "structured omission recall " + structured.recall());
        assertTrue(structured.precision() >= 0.85, "structured omission precision " + structured.precision());
        assertTrue(reference.recall() >= 0.78, "reference omission recall " + reference.recall());
        assertTrue(reference.precision() >= 0.71, "reference omission precision " + reference.precision());
        assertTrue(reference.supportedShare() >= 0.58, "reference supported " + reference.supportedShare());
    }

    @Test
    void aSeededOmissionTakesTheFactOutOfTheStructuredDraftAndNothingElse() throws Exception {
        DraftEval.Case c = DraftEval.load(SET, CHARTS).stream().filter(k -> !k.omitted().isEmpty()).findFirst()
                .orElseThrow();
        var draft = org.signet.scribe.provider.structured.StructuredNote.draft(c.sections(), c.context(),
                c.transcript());
        String seeded = DraftEval.withoutOmitted(c, draft);
        assertTrue(seeded.length() < draft.text().length());
        assertTrue(seeded.length() > draft.text().length() / 2, "only the omitted facts' words and lines go");
    }
}
