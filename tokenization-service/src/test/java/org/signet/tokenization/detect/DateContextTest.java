package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Dates as nursing notes write them, and the fractions beside them that are settings, scores and doses. */
class DateContextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pt's birthday is tomorrow, may 16, 2015. | may 16, 2015",
        "in march of 2022 pt was admitted | march of 2022",
        "s/p bil mastectomies 11/92, transferred | 11/92",
        "AWOKE FROM SLEEP ON 8/25 WITH CP AND DOE | 8/25",
        "Cultures drawn 8/11, pending. | 8/11",
        "BC's drawn from the A-line on the 14th, pending. | 14th",
        "If spikes again will need cx, last cx 6/19 in am. | 6/19",
        "IN THIS CASE OCTOBER OF 1987, PER RECORDS. | OCTOBER OF 1987",
        "fluid removed on 2/3 by IR. | 2/3",
        "Nursing Progress Note 14 Nov, 91 0700-1900 | 14 Nov, 91",
        "LINES: PICC PLACED IN R AC 10/14, ART LINE IN R RAD. | 10/14",
        "chest pain since 3/12, worse today. | 3/12",
        "seen on nov 3 by the team. | nov 3",
        "visit planned aug 14th with family | aug 14th",
        "fam in on jan 5, since march 3 at home | march 3",
        "family to visit on may 15. | may 15",
        "PMH: ANEMIA-3/14/95, TRANSFUSED X2. | 3/14/95",
        "R IJ CVL-11/4, PICC PLANNED. | 11/4",
        "stopped smoking in may 12, per wife | may 12",
        // a day before a month in lower case, a range of days included
        "nursing progress note\\n3->4 jan, 98\\n0700-1900 | 3->4 jan, 98",
        "family meeting held 12 oct with team | 12 oct",
        "pt fell 2nd feb 2001 at home | 2nd feb 2001",
        "last seen 9 may 2003 in clinic | 9 may 2003",
    })
    void findsTheDate(String written, String date) {
        String text = written.replace("\\n", "\n");
        List<PhiSpan> spans = DateRecognizer.INSTANCE.detect(text);
        int at = text.indexOf(date);
        assertTrue(spans.stream().anyMatch(s -> s.start() <= at && s.end() >= at + date.length()),
                () -> "not found: " + date + " in " + spans);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Pt changed to PSV 15/5 with RR 12-16.",
        "CHANGED BACK TO CPAP 20/10 40% WITH ABG.",
        "PT. INITIALLY ON AC 600X16/5/40%, OVERBREATHING.",
        "Currently on 10/5/50%. Tolerating well.",
        "c/o 3/10 l back pain in the morning.",
        "formula will be changed to 3/4 str Nepro.",
        "give 1/2 dose of propofol.",
        "LS with crackles 1/2 way up bilat.",
        "blood cx 2/4 bottles positive, 1/3 pending.",
        "Pt on CPAP .4%, 5/10 overnight.",
        "Patient received on mask ventilation 10/5 40%.",
        "decrease in cp to 3/10 after NTG.",
        "VIA PB 7200 VENT, SIMV/PS 600 X 14 50% 5/5. NO CHANGES.",
        "Now weaning on 10/5, will soon extubate.",
        "you may go home today.",
        "uo dec 30cc/hr overnight.",
        "may 2 more doses of lasix if needed.",
        "uo dec 20 ml/hr, hr dec 10 bpm.",
        "may 3 x daily as needed.",
        "pt may 1 day go home.",
        "swings 2-10/12 today.",
        "in may 2 days go home.",
        "gram neg rods in 2/4 bl cx from 5am.",
        "pt 2 may need more lasix.",
        "hr 2 dec overnight, uo 3 dec.",
        "given 2 aug tabs at 10.",
        "2 nov 5 mg doses left",
    })
    void leavesSettingsScoresAndDosesAlone(String text) {
        assertEquals(List.of(), DateRecognizer.INSTANCE.detect(text));
    }
}
