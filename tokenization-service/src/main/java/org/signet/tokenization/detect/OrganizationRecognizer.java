package org.signet.tokenization.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named hospitals, clinics, practices and employers: a run of capitalised words ending in an organisation
 * word ("Milford General Hospital", "St. James Medical Center", "Moore Cardiology Associates", "Acme Corp").
 * A run made only of generic words ("the Cancer Center", "Urgent Care") is not an identifier and is skipped.
 */
public final class OrganizationRecognizer implements PhiRecognizer {

    public static final OrganizationRecognizer INSTANCE = new OrganizationRecognizer();

    private static final Pattern ORG = Pattern.compile(
            "(?:\\b(?:St\\.?|Saint|Mount|Mt\\.?)\\s+)?(?:\\b[A-Z][A-Za-z'&.-]*\\s+(?:(?:of|for|and|&)\\s+(?:the\\s+)?)?){1,5}"
            + "(?:Hospitals?|Medical\\s+Cent(?:er|re)|Health\\s+Cent(?:er|re)|Health\\s+System|Healthcare|Health\\s+Care"
            + "|Clinic|Clinics|Associates|Medical\\s+Group|Group|Urgent\\s+Care|Pharmacy|Rehabilitation|Rehab|Nursing\\s+Home"
            + "|Nursing\\s+Facility|Hospice|Cent(?:er|re)|Institute|Laborator(?:y|ies)|Labs?|Practice|Partners|Physicians"
            + "|Infirmary|Sanatorium|University|College|School|Academy|Inc\\.?|Corp\\.?|Corporation|LLC|Company|Co\\."
            + "|Health)(?![A-Za-z])");

    /** Words that describe a kind of facility rather than name one. */
    private static final Set<String> GENERIC = Lexicon.words("family", "community", "general", "memorial", "medical", "health",
            "regional", "county", "university", "children's", "women's", "urgent", "care", "cancer", "heart", "wound",
            "dialysis", "surgical", "surgery", "orthopedic", "orthopaedic", "cardiology", "pediatric", "pediatrics",
            "primary", "specialty", "rehabilitation", "rehab", "mental", "behavioral", "eye", "dental", "sleep", "pain",
            "infusion", "imaging", "diagnostic", "veterans", "va", "state", "national", "american", "the", "of", "for",
            "and", "&", "internal", "medicine", "women", "children", "kidney", "lung", "vascular", "neurology", "oncology",
            "dermatology", "psychiatry", "psychiatric", "obstetrics", "gynecology", "senior", "assisted", "living",
            "skilled", "nursing", "home", "hospital", "center", "centre", "clinic", "group", "associates", "physicians",
            "practice", "partners", "outpatient", "inpatient", "emergency", "trauma", "teaching", "academic", "public",
            "private", "local", "city", "main", "new", "our", "your", "his", "her", "their", "this", "that", "a", "an",
            "lab", "labs", "laboratory", "pharmacy", "institute", "hospice", "support", "blood", "stroke", "burn",
            "transplant", "spine", "joint", "vein", "weight", "loss", "diabetes", "endocrine", "lipid", "gi", "er",
            "icu", "nicu", "picu", "ed", "or", "hiv", "std", "travel", "walk-in", "retail", "mail", "order", "specialty",
            "respiratory", "physical", "occupational", "speech", "therapy", "wellness", "fertility", "maternity", "birth",
            "poison", "control", "disease", "prevention", "services", "service", "department", "dept", "unit",
            "health", "system", "healthcare", "inc", "corp", "co", "llc", "company", "corporation", "school", "college",
            "academy", "infirmary");
    /** Sentence words that may precede the name in a capitalised run ("Pt", "Transferred", "Yes"). */
    private static final Set<String> LEAD_OK = Lexicon.words("st", "st.", "saint", "mount", "mt", "mt.", "general", "medical",
            "community", "family", "memorial", "university", "children's", "county", "regional", "new");

    private OrganizationRecognizer() {
    }

    @Override
    public String name() {
        return "organization";
    }

    @Override
    public List<PhiSpan> detect(String text) {
        List<PhiSpan> out = new ArrayList<>();
        Matcher m = ORG.matcher(text);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            // drop sentence words in front: "Pt Milford General Hospital" -> "Milford General Hospital"
            while (start < end) {
                int e = start;
                while (e < end && !Character.isWhitespace(text.charAt(e))) {
                    e++;
                }
                String w = text.substring(start, e).toLowerCase(Locale.ROOT);
                String bare = w.replaceAll("[^a-z']", "");
                if ((Lexicon.NOT_NAMES.contains(bare) || Lexicon.NOT_NAMES.contains(w)) && !LEAD_OK.contains(w)
                        && !Lexicon.SURNAMES.contains(bare)
                        && !LEAD_OK.contains(bare)) {
                    start = e;
                    while (start < end && Character.isWhitespace(text.charAt(start))) {
                        start++;
                    }
                } else {
                    break;
                }
            }
            if (start >= end || !hasDistinctiveWord(text.substring(start, end))) {
                continue;
            }
            out.add(new PhiSpan(PhiType.ORGANIZATION, start, end, name(), 0.8));
            // "Mayo Clinic, Rochester": a known place right after the organisation is its city
            if (end + 2 < text.length() && text.charAt(end) == ',') {
                int cs = end + 1;
                while (cs < text.length() && text.charAt(cs) == ' ') {
                    cs++;
                }
                int ce = AddressRecognizer.matchPlace(text, cs);
                if (ce > 0) {
                    out.add(new PhiSpan(PhiType.CITY, cs, ce, name(), 0.75));
                }
            }
        }
        return out;
    }

    private static boolean hasDistinctiveWord(String run) {
        for (String w : run.split("[\\s]+")) {
            String bare = w.toLowerCase(Locale.ROOT).replaceAll("[.,]", "");
            if (!bare.isEmpty() && !GENERIC.contains(bare) && !bare.equals("st") && !bare.equals("saint")
                    && !bare.equals("mt") && !bare.equals("mount") && Character.isLetter(bare.charAt(0))) {
                return true;
            }
        }
        return false;
    }
}
