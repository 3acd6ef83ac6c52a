package org.signet.tokenization.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One case per Safe Harbor kind, plus the hard negatives that must stay untouched. */
class PhiDetectorTest {

    private static final PhiDetector DETECTOR = PhiDetector.defaults();

    /** text | the PHI expected inside it | its type */
    @ParameterizedTest(name = "{2}: {1}")
    @CsvSource(delimiter = '|', value = {
        "Seen today with her son Marcus Delgado at bedside. | Marcus Delgado | NAME",
        "wife (Ana Ruiz, 410555-0199) updated by phone. | 410555-0199 | PHONE",
        "Coverage checked, insurance ID: QRT482 on file. | QRT482 | HEALTH_PLAN",
        "Questions about the bill; her plan is GP-640218. | GP-640218 | HEALTH_PLAN",
        "Prior auth pending with HMO-771203 today. | HMO-771203 | HEALTH_PLAN",
        "Labs reviewed. EMR: 731904528. | 731904528 | MRN",
        "Chart pulled, MedRec# KX-507311, for review. | KX-507311 | MRN",
        "Discussed plan with Dr. Okafor this morning. | Okafor | NAME",
        "Nsg: Janet M. Baker | Janet M. Baker | NAME",
        "Re: Whitfield, Eleanor - follow up | Whitfield, Eleanor | NAME",
        "Admitted on March 4th for chest pain. | March 4th | DATE",
        "Symptoms began 4th of March. | 4th of March | DATE",
        "Last colonoscopy Feb 2014, normal. | Feb 2014 | DATE",
        "DOB 1984-03-07. | 1984-03-07 | DATE",
        "Seen 3/7/84 in clinic. | 3/7/84 | DATE",
        "Patient is a 93-year-old man. | 93 | AGE",
        "She is 91 yo and lives alone. | 91 | AGE",
        "Call her at (617) 555-0143 tomorrow. | (617) 555-0143 | PHONE",
        "SW following. Pager: #46813 | 46813 | PHONE",
        "DAUGHTER--CELLULAR-617 555-0143 & HOME | 617 555-0143 | PHONE",
        "WILL F/U IN NEXT 1-2 DAYS. PG 72094 | 72094 | PHONE",
        "Reached at beeper number 30571 for consents. | 30571 | PHONE",
        "Nursing office ext. 4471 if questions. | 4471 | PHONE",
        "Please fax to 312-555-0199 today. | 312-555-0199 | FAX",
        "Email: anna.k@example.org for results. | anna.k@example.org | EMAIL",
        "Lives at 1420 W Elm Street, Apt 4B with wife. | 1420 W Elm Street, Apt 4B | ADDRESS",
        "Mail to PO Box 1234 please. | PO Box 1234 | ADDRESS",
        "Moved to Springfield last year. | Springfield | CITY",
        "Address: 12 Oak Lane, Dayton, OH 45402 | 45402 | ZIP",
        "Transferred to Milford General Hospital by ambulance. | Milford General Hospital | ORGANIZATION",
        "MRN: A10495887 on wristband. | A10495887 | MRN",
        "Billing acct 7199302822 past due. | 7199302822 | ACCOUNT",
        "Member ID W801410531 verified. | W801410531 | HEALTH_PLAN",
        "SSN 492-37-1885 on file. | 492-37-1885 | SSN",
        "Signed, license MD477573 | MD477573 | LICENSE",
        "Transported in car with plate ABX-4821. | ABX-4821 | VEHICLE",
        "VIN 1M8GDM9AXKP042788 recorded. | 1M8GDM9AXKP042788 | VEHICLE",
        "Pump serial SN 6462-39888 alarming. | SN 6462-39888 | DEVICE",
        "Portal: https://portal.example.org/p/912947 for records. | https://portal.example.org/p/912947 | URL",
        "Login from 192.56.102.178 flagged. | 192.56.102.178 | IP",
        "Login from 2001:db8:85a3::8a2e:370:7334 flagged. | 2001:db8:85a3::8a2e:370:7334 | IP",
        "Fingerprint ID FP-0098812 captured at intake. | FP-0098812 | BIOMETRIC",
        "Full-face photo IMG_0932.jpg stored in chart. | IMG_0932.jpg | PHOTO",
        "Case number 2023-118876 submitted. | 2023-118876 | OTHER_ID",
        "seen at our office on 05/08/2023, ref. code: QX-4471. | QX-4471 | OTHER_ID",
        // names from many origins, found by world name lists or by the context around them
        "Plan discussed with Oluwaseun Adebayo today. | Oluwaseun Adebayo | NAME",
        "Spoke with Nguyen Van Minh by phone. | Nguyen Van Minh | NAME",
        "Małgorzata Kowalska, 71F, scheduled for surgery. | Małgorzata Kowalska | NAME",
        "Chukwuemeka Obi presents with dental pain. | Chukwuemeka Obi | NAME",
        "Met with pt Amara Diallo and her sister. | Amara Diallo | NAME",
        "Sincerely, Giulia Rossi, MD | Giulia Rossi | NAME",
        "Pt Bartholomew Okonjo (93) alert. | 93 | AGE",
        "Pharmacy is on 4th Street downtown. | 4th Street | ADDRESS",
        "Lives at 1187 Martin Luther King Jr Blvd, Apt 12 now. | 1187 Martin Luther King Jr Blvd, Apt 12 | ADDRESS",
        "Transported, plate MN-4KX 229 noted. | MN-4KX 229 | VEHICLE",
        "Transferred from St. Mary's Regional Medical Center today. | St. Mary's Regional Medical Center | ORGANIZATION",
        "Seen at Lakeview Family Medicine last week. | Lakeview Family Medicine | ORGANIZATION",
    })
    void findsEachSafeHarborKind(String text, String phi, PhiType type) {
        List<PhiSpan> spans = DETECTOR.detect(text);
        int start = text.indexOf(phi);
        boolean found = spans.stream().anyMatch(s -> s.start() <= start && start + phi.length() <= s.end());
        assertTrue(found, () -> "missed '" + phi + "' in: " + text + " got " + show(text, spans));
        assertTrue(spans.stream().anyMatch(s -> s.type() == type && s.start() < start + phi.length() && start < s.end()),
                () -> "wrong type for '" + phi + "': " + show(text, spans));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Continue Allegra 180 mg daily and Xanax 0.5 mg qHS.",
        "Coumadin 5 mg, Lasix 40 mg, Zoloft 50 mg.",
        "History of Parkinson disease and Bell palsy.",
        "Glasgow Coma Scale 15. Apgar 8 and 9. Babinski negative.",
        "Hodgkin lymphoma in remission.",
        "Insulin glargine 20 units qHS, metoprolol 25 mg BID.",
        "BP 126/80, HR 72, T 98.6 F, SpO2 97%.",
        "Na 138, K 4.1, Cr 1.2, Hgb 10.9, Plt 245, A1c 8.2%.",
        "ICD-10 E11.9 and I10 coded.",
        "Medications given at 0700 and 14:30.",
        "See pg 12 of the flowsheet; ext 2 fingers on command.",
        "PEG 1200 ml flush; pager batteries changed.",
        "She moved to the area in 2014.",
        "Cough for 3 weeks, worse since last Tuesday.",
        "Pain 4/10, strength 5/5 bilaterally.",
        "Lives with family in TX.",
        "Will cont to monitor. May need PT.",
        "Takes Xanax 0.25 mg prn. Went to Bell palsy clinic. Med rec done, BIBA from home.",
        "Tinel sign negative, Murphy sign positive. Family Medicine follow-up in 2 weeks.",
        "Seen by Cardiology Associates. Internal Medicine Services consulted.",
        "Crohn disease (K50.90) in remission; Hashimoto thyroiditis on levothyroxine 88 mcg.",
        "Foley catheter draining 450 mL at 2200. Whipple procedure planned. Epley maneuver done.",
        // at a sentence's start a word English knows, and in capitals any listed word, needs a person nearby
        "Tube feeds on hold. Peg intact in abd. Later, pt found in resp distress.",
        "MOVING ALL EXTREMITIES. PERLA @ 2MM. KLING WRAP TO L ARM.",
        "No movement of LUE or LLE noted; KUB ~ 1930 negative. Vt 3-400's with Ve 6-8 L.",
        "VASCULAR HAS SEEN HER AND THINKS THIS MAY BE R/T LEVO.",
    })
    void leavesHardNegativesAlone(String text) {
        List<PhiSpan> spans = DETECTOR.detect(text);
        assertTrue(spans.isEmpty(), () -> "false positives: " + show(text, spans));
    }

    @Test
    void resolvesOverlapsToNonOverlappingSpans() {
        List<PhiSpan> out = PhiDetector.resolve(List.of(
                new PhiSpan(PhiType.NAME, 3, 8, "a", 0.6),
                new PhiSpan(PhiType.ORGANIZATION, 0, 20, "b", 0.8),
                new PhiSpan(PhiType.DATE, 25, 30, "c", 0.9),
                new PhiSpan(PhiType.NAME, 28, 35, "d", 0.5)));
        assertEquals(2, out.size());
        assertEquals(new PhiSpan(PhiType.ORGANIZATION, 0, 20, "b", 0.8), out.get(0));
        // partial overlap: the higher-confidence type wins and covers the union
        assertEquals(PhiType.DATE, out.get(1).type());
        assertEquals(25, out.get(1).start());
        assertEquals(35, out.get(1).end());
    }

    @Test
    void outputNeverOverlaps() {
        String text = "Pt Judy P. Taylor (acct ACCT-86338780) seen at St. James Medical Center, Madison, WI 53711 on "
                + "March 21, 2023; call 899.800.5592.";
        List<PhiSpan> spans = DETECTOR.detect(text);
        for (int i = 1; i < spans.size(); i++) {
            assertTrue(spans.get(i - 1).end() <= spans.get(i).start(), () -> show(text, spans));
        }
        assertFalse(spans.stream().anyMatch(s -> text.substring(s.start(), s.end()).equals("WI")));
    }

    static String show(String text, List<PhiSpan> spans) {
        return spans.stream().map(s -> s.type() + ":'" + text.substring(s.start(), s.end()) + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
