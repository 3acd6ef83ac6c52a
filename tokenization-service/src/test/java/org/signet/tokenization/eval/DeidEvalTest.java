package org.signet.tokenization.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DeidEval's scoring against figures worked out by hand from evaluate.py's definitions on a three-note fixture
 * ({@code eval/tiny-gold.jsonl}, {@code eval/tiny-pred.jsonl}):
 * <ul>
 * <li>gold: a = NAME "John Smith", DATE "3/4/21", ORGANIZATION "Mercy Hospital", PHONE "555-1234"; b = none;
 *     c = NAME "Ana", AGE "95" after an emoji (two UTF-16 units, one code point), so 6 gold spans;</li>
 * <li>predictions: a = "John" (covers John, not Smith), "3/4/21" (exact), "Mercy" + "Hospital" (together cover
 *     the organisation), "call" (no gold); b = "No" (no gold); c = "Ana", "95" (exact), so 8 predictions;</li>
 * <li>found: DATE, ORGANIZATION, Ana, 95 = 4/6 -> recall 0.667; correct: all but "call" and "No" = 6/8 ->
 *     precision 0.750; f1 = 2 * 0.75 * 0.6667 / 1.4167 = 0.706; exact: 3/6 = 0.500 and 3/8 = 0.375;</li>
 * <li>fully leaked (no character covered): PHONE only ("call" ends before it; "John Smith" is a partial miss) = 1/6;
 *     PHI-free notes: b, and "No" redacted in it = 1/1.</li>
 * </ul>
 */
class DeidEvalTest {

    @Test
    void scoresLikeEvaluatePy() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, DeidEval.Note> gold = DeidEval.load(json, resource("tiny-gold.jsonl"));
        Map<String, List<DeidEval.Span>> pred = DeidEval.loadPredictions(json, resource("tiny-pred.jsonl"), gold);

        DeidEval.Score sc = DeidEval.score(gold, pred);

        assertEquals(6, sc.total());
        assertEquals(4, sc.found());
        assertEquals(8, sc.npred());
        assertEquals(6, sc.correct());
        assertEquals(3, sc.exact());
        assertEquals(Map.of("AGE", 1, "DATE", 1, "NAME", 2, "ORGANIZATION", 1, "PHONE", 1), sc.byType());
        assertEquals(Map.of("AGE", 1, "DATE", 1, "NAME", 1, "ORGANIZATION", 1), sc.byTypeFound());
        assertEquals(Map.of("AGE", 1, "DATE", 1, "NAME", 4, "ORGANIZATION", 2), sc.predByType());
        assertEquals(Map.of("AGE", 1, "DATE", 1, "NAME", 2, "ORGANIZATION", 2), sc.predCorrectByType());
        assertEquals(Map.of("PHONE", 1), sc.leakedByType());
        assertEquals(List.of("John Smith", "555-1234"), sc.misses().stream().map(DeidEval.Miss::text).toList());
        assertEquals(List.of(false, true), sc.misses().stream().map(DeidEval.Miss::leaked).toList());
        assertEquals(List.of("call", "No"), sc.falsePositives().stream().map(DeidEval.Miss::text).toList());
        assertEquals(1, sc.phiFreeNotes());
        assertEquals(1, sc.phiFreeRedacted());
    }

    @Test
    void pooledScoreIsTheScoreOfAllNotesTogether() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, DeidEval.Note> gold = DeidEval.load(json, resource("tiny-gold.jsonl"));
        Map<String, List<DeidEval.Span>> pred = DeidEval.loadPredictions(json, resource("tiny-pred.jsonl"), gold);
        Map<String, DeidEval.Note> first = new LinkedHashMap<>();
        Map<String, DeidEval.Note> rest = new LinkedHashMap<>(gold);
        first.put("a", rest.remove("a"));

        DeidEval.Score pooled = DeidEval.score(first, pred).plus(DeidEval.score(rest, pred));

        assertEquals(DeidEval.score(gold, pred), pooled);
    }

    @Test
    void reportEndsWithTheHeadlineInEvaluatePyFormat() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, DeidEval.Note> gold = DeidEval.load(json, resource("tiny-gold.jsonl"));
        DeidEval.Score sc = DeidEval.score(gold, DeidEval.loadPredictions(json, resource("tiny-pred.jsonl"), gold));

        List<String> lines = DeidEval.report(sc, DeidEval.Timing.NONE, "overall");

        assertEquals("overall recall=0.667 precision=0.750 f1=0.706", lines.get(lines.size() - 1));
        assertEquals("exact      recall=0.500 precision=0.375", lines.get(lines.size() - 2));
        assertEquals("phi_free_notes=1 redacted=1 share=1.000", lines.get(lines.size() - 3));
        assertEquals("leaked       values=1/6 (0.167) PHONE=1", lines.get(lines.size() - 4));
        assertEquals(List.of("AGE          recall=1.000 (1/1)", "DATE         recall=1.000 (1/1)",
                "NAME         recall=0.500 (1/2)", "ORGANIZATION recall=1.000 (1/1)", "PHONE        recall=0.000 (0/1)"),
                lines.subList(0, 5));
        assertEquals("pred NAME         precision=0.500 (2/4)", lines.get(7));
    }

    @Test
    void throughputKeepsItsNameForTheWarmFigureWithTheColdOneBeside() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, DeidEval.Note> gold = DeidEval.load(json, resource("tiny-gold.jsonl"));
        DeidEval.Score sc = DeidEval.score(gold, DeidEval.loadPredictions(json, resource("tiny-pred.jsonl"), gold));

        List<String> lines = DeidEval.report(sc, new DeidEval.Timing(2_000_000, 4.0, 1.0), "corpus");

        assertTrue(lines.contains("notes=3 chars=2000000 detect_seconds=1.000 throughput_MBps=2.00"), lines::toString);
        assertTrue(lines.contains("warm_up_passes=1 detect_seconds_cold=4.000 throughput_MBps_cold=0.50"),
                lines::toString);
        assertEquals("corpus recall=0.667 precision=0.750 f1=0.706", lines.get(lines.size() - 1));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(DeidEvalTest.class.getResource("/eval/" + name).toURI());
    }

    @Test
    void theTwoFoldsSplitEveryCorpusTheSameWayEveryTime() {
        List<String> ids = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "note-" + i).toList();
        List<String> held = ids.stream().filter(DeidEval.Fold.HELD::contains).toList();
        List<String> tune = ids.stream().filter(DeidEval.Fold.TUNE::contains).toList();

        assertEquals(ids.size(), held.size() + tune.size(), "every note lies in exactly one fold");
        assertTrue(held.stream().noneMatch(tune::contains));
        assertTrue(held.size() > 300 && held.size() < 500, "about a fifth held back: " + held.size());
        assertEquals(held, ids.stream().filter(DeidEval.Fold.HELD::contains).toList(), "the split is fixed");
        assertTrue(ids.stream().allMatch(DeidEval.Fold.ALL::contains));
    }
}
