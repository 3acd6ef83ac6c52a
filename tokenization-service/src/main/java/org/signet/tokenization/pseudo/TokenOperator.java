package org.signet.tokenization.pseudo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.signet.tokenization.detect.PhiType;

/**
 * Replaces values with tokens. On a primitive, its value; on a data type, the parts that identify:
 * <ul>
 *   <li>HumanName: one token for the whole person — {@code text} becomes the token of "given… family", given and
 *       family are removed, prefix/suffix/use/period stay (so the chart has one entry per name and every variant
 *       of it in free text maps back to the same token);</li>
 *   <li>Identifier: the value ({@code {kind}} = MRN, SSN, DL, PASSPORT, NPI, HEALTH_PLAN, ACCOUNT or ID from its type
 *       or system); system and type stay;</li>
 *   <li>ContactPoint: the value ({@code {kind}} = PHONE, FAX, EMAIL, URL, CONTACT from its system);</li>
 *   <li>Address: each line ({@code {kind}} ADDRESS), city (CITY), district (DISTRICT), postal code (ZIP) and text;
 *       state and country stay (Safe Harbor allows the state);</li>
 *   <li>Reference: the display.</li>
 * </ul>
 */
final class TokenOperator implements ElementOperator {

    @Override
    public void apply(Base element, Application app) {
        PseudonymizationPass pass = app.pass();
        if (element instanceof HumanName n) {
            name(n, app);
        } else if (element instanceof Identifier id) {
            String kind = identifierKind(id);
            String type = app.tokenType(kind, kind);
            // identifiers only a type default found are mostly business ids of encounters, claims and the like
            // (in Synthea, copies of resource ids): tokenized, but left out of the chart, which they would swamp
            pass.tokenize(id.getValueElement(), type, app.phiType(type, identifierPhi(kind)), !app.typeDefault());
        } else if (element instanceof ContactPoint cp) {
            String kind = contactKind(cp);
            String type = app.tokenType(kind, kind);
            pass.tokenize(cp.getValueElement(), type, app.phiType(type, contactPhi(kind)));
        } else if (element instanceof Address a) {
            address(a, app);
        } else if (element instanceof Reference r) {
            String type = app.tokenType("DISPLAY", "DISPLAY");
            pass.tokenize(r.getDisplayElement(), type, app.phiType(type, PhiType.NAME));
        } else if (element instanceof PrimitiveType<?> p) {
            String type = app.tokenType("VALUE", "VALUE");
            pass.tokenize(p, type, app.phiType(type, null));
        } else {
            throw app.cannotApply(Operator.TOKEN, element);
        }
        pass.markHandled(element);
    }

    private static void name(HumanName n, Application app) {
        PseudonymizationPass pass = app.pass();
        List<String> parts = new ArrayList<>();
        for (StringType g : n.getGiven()) {
            if (g.hasValue() && !pass.isHandled(g)) {
                parts.add(g.getValue().strip());
            }
        }
        if (n.hasFamily() && !pass.isHandled(n.getFamilyElement())) {
            parts.add(n.getFamily().strip());
        }
        String full = String.join(" ", parts).strip();
        if (full.isEmpty() && n.hasText() && !pass.isHandled(n.getTextElement())) {
            full = n.getText().strip();
        }
        if (full.isEmpty()) {
            return;
        }
        String type = app.tokenType("NAME", "NAME");
        n.setText(pass.token(type, app.phiType(type, PhiType.NAME), full));
        pass.markHandled(n.getTextElement());
        pass.markWritten(n.getTextElement());
        n.getGiven().removeIf(g -> !pass.isHandled(g));
        if (n.hasFamily() && !pass.isHandled(n.getFamilyElement())) {
            n.setFamilyElement(null);
        }
    }

    private static void address(Address a, Application app) {
        PseudonymizationPass pass = app.pass();
        for (StringType line : a.getLine()) {
            part(pass, line, app, "ADDRESS", PhiType.ADDRESS);
        }
        part(pass, a.getTextElement(), app, "ADDRESS", PhiType.ADDRESS);
        part(pass, a.getCityElement(), app, "CITY", PhiType.CITY);
        part(pass, a.getDistrictElement(), app, "DISTRICT", PhiType.ADDRESS);
        part(pass, a.getPostalCodeElement(), app, "ZIP", PhiType.ZIP);
    }

    private static void part(PseudonymizationPass pass, StringType p, Application app, String kind, PhiType phi) {
        String type = app.tokenType(kind, kind);
        pass.tokenize(p, type, app.phiType() != null ? app.phiType() : phi);
    }

    /** MRN, SSN, DL, PASSPORT, NPI, HEALTH_PLAN, ACCOUNT, or ID, from the identifier's v2-0203 type or its system. */
    static String identifierKind(Identifier id) {
        CodeableConcept t = id.getType();
        for (Coding c : t.getCoding()) {
            String code = c.getCode() == null ? "" : c.getCode().toUpperCase(Locale.ROOT);
            switch (code) {
                case "MR", "MRT", "PI" -> {
                    return "MRN";
                }
                case "SS", "SB" -> {
                    return "SSN";
                }
                case "DL" -> {
                    return "DL";
                }
                case "PPN" -> {
                    return "PASSPORT";
                }
                case "NPI", "PRN", "MD", "LN" -> {
                    return "NPI";
                }
                case "MB", "MA", "MC", "SN", "MCN" -> {
                    return "HEALTH_PLAN";
                }
                case "AN", "AND", "ACSN", "VN" -> {
                    return "ACCOUNT";
                }
                default -> {
                }
            }
        }
        String system = id.hasSystem() ? id.getSystem().toLowerCase(Locale.ROOT) : "";
        if (system.endsWith("us-ssn")) {
            return "SSN";
        }
        if (system.endsWith("us-npi")) {
            return "NPI";
        }
        if (system.contains("passport")) {
            return "PASSPORT";
        }
        return "ID";
    }

    static PhiType identifierPhi(String kind) {
        return switch (kind) {
            case "MRN" -> PhiType.MRN;
            case "SSN" -> PhiType.SSN;
            case "DL", "NPI" -> PhiType.LICENSE;
            case "HEALTH_PLAN" -> PhiType.HEALTH_PLAN;
            case "ACCOUNT" -> PhiType.ACCOUNT;
            default -> PhiType.OTHER_ID;
        };
    }

    static String contactKind(ContactPoint cp) {
        if (!cp.hasSystem()) {
            String v = cp.hasValue() ? cp.getValue() : "";
            return v.contains("@") ? "EMAIL" : v.matches(".*\\d{3}.*\\d{4}.*") ? "PHONE" : "CONTACT";
        }
        return switch (cp.getSystem()) {
            case PHONE, SMS, PAGER -> "PHONE";
            case FAX -> "FAX";
            case EMAIL -> "EMAIL";
            case URL -> "URL";
            default -> "CONTACT";
        };
    }

    static PhiType contactPhi(String kind) {
        return switch (kind) {
            case "PHONE" -> PhiType.PHONE;
            case "FAX" -> PhiType.FAX;
            case "EMAIL" -> PhiType.EMAIL;
            case "URL" -> PhiType.URL;
            default -> PhiType.OTHER_ID;
        };
    }
}
