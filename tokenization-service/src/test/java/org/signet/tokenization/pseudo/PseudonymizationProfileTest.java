package org.signet.tokenization.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PseudonymizationProfileTest {

    private static final String DEFAULTS = """
            typeDefaults:
              - {type: HumanName, operator: token, tokenType: NAME}
              - {type: Identifier, operator: token, tokenType: "{kind}"}
              - {type: ContactPoint, operator: token, tokenType: "{kind}"}
              - {type: Address, operator: token, tokenType: "{kind}"}
            """;

    private static PseudonymizationProfile load(String yaml) {
        return PseudonymizationProfile.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String error(String rules) {
        return assertThrows(InvalidProfileException.class,
                () -> load("id: t\nversion: 1\nrules:\n" + rules + DEFAULTS)).getMessage();
    }

    @Test
    void shippedSafeHarborProfileLoads() {
        PseudonymizationProfile p = PseudonymizationProfile.safeHarbor();
        assertEquals("safe-harbor", p.id());
        assertEquals(2, p.version());
        assertEquals(TextPseudonymizer.DateHandling.TOKEN, p.freeTextDates());
        assertTrue(p.rules().size() > 40);
        assertTrue(p.typeDefaults().stream().anyMatch(d -> d.type().equals("dateTime")));
    }

    @Test
    void unknownOperatorNamesTheRule() {
        String m = error("  - {resource: Patient, path: Patient.name, operator: tokenize, tokenType: X}\n");
        assertTrue(m.contains("test.yaml: rule 1 (Patient.name)"), m);
        assertTrue(m.contains("unknown operator 'tokenize'"), m);
    }

    @Test
    void tokenWithoutTokenTypeNamesTheRule() {
        String m = error("""
                  - {resource: Patient, path: Patient.photo, operator: redact}
                  - {resource: Patient, path: Patient.name, operator: token}
                """);
        assertTrue(m.contains("rule 2 (Patient.name): operator token needs a tokenType"), m);
    }

    @Test
    void unparsableFhirPathNamesTheRule() {
        String m = error("  - {resource: Patient, path: \"Patient.name.where(\", operator: redact}\n");
        assertTrue(m.contains("rule 1 (Patient.name.where()"), m);
        assertTrue(m.contains("FHIRPath does not parse"), m);
    }

    @Test
    void pathThatCannotRunAndUnknownResourceAndBadKeysAreRejected() {
        assertTrue(error("  - {resource: Patient, path: \"Patient.name.ofType(Address)\", operator: redact}\n")
                .contains("cannot be evaluated on Patient"));
        assertTrue(error("  - {resource: Patient, path: \"Patient.name.frobnicate()\", operator: redact}\n")
                .contains("rule 1"));
        assertTrue(error("  - {resource: Patiant, path: Patient.name, operator: redact}\n")
                .contains("unknown resource type 'Patiant'"));
        assertTrue(error("  - {resource: Patient, path: Patient.name, operator: redact, tokentype: X}\n")
                .contains("unknown key 'tokentype'"));
        assertTrue(error("  - {resource: Patient, path: Patient.name, operator: token, tokenType: patient-name}\n")
                .contains("tokenType 'patient-name'"));
    }

    @Test
    void profileMustKeepTheFailSafeDefaults() {
        String m = assertThrows(InvalidProfileException.class, () -> load("""
                id: t
                version: 1
                rules: []
                typeDefaults:
                  - {type: HumanName, operator: token, tokenType: NAME}
                """)).getMessage();
        assertTrue(m.contains("typeDefaults must cover"), m);
        assertThrows(InvalidProfileException.class, () -> load("id: t\nrules: []\n" + DEFAULTS));
        assertThrows(InvalidProfileException.class, () -> load("id: t\nversion: 1\nrules: [\n"));
    }

    @Test
    void theFileIsMappedStrictlyAndEachRefusalNamesWhere() {
        assertEquals("test.yaml: 'version' must be an integer", assertThrows(InvalidProfileException.class,
                () -> load("id: t\nversion: 1.5\nrules: []\n" + DEFAULTS)).getMessage());
        assertEquals("test.yaml: 'version' must be an integer", assertThrows(InvalidProfileException.class,
                () -> load("id: t\nversion: \"1\"\nrules: []\n" + DEFAULTS)).getMessage());
        String wrongKind = error("  - {resource: Patient, path: [Patient.name], operator: redact}\n");
        assertTrue(wrongKind.startsWith("test.yaml: rule 1: 'path' has a value of the wrong kind"), wrongKind);
        String unknown = assertThrows(InvalidProfileException.class, () -> load("""
                id: t
                version: 1
                rules: []
                typeDefaults:
                  - {type: HumanName, operator: token, tokenType: NAME, kind: x}
                """)).getMessage();
        assertTrue(unknown.startsWith("test.yaml: typeDefault 1 (HumanName): unknown key 'kind'"), unknown);
        String missing = error("  - {resource: Patient, operator: redact}\n");
        assertTrue(missing.contains("rule 1: 'path' is required"), missing);
    }
}
