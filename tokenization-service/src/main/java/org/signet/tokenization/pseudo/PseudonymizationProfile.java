package org.signet.tokenization.pseudo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.fhirpath.IFhirPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.signet.tokenization.detect.PhiType;

/**
 * A versioned set of FHIR pseudonymization rules, loaded from YAML and validated at load.
 *
 * <pre>
 * id: safe-harbor            # required
 * version: 1                 # required, integer
 * description: ...
 * freeTextDates: shift       # shift | token: what free-text detection does with dates (default token)
 * rules:                     # applied in order; an element a rule handled is not handled again
 *   - resource: Patient      # a FHIR R4 resource type
 *     path: Patient.name     # FHIRPath, parsed once here; "X.text.div" is evaluated as "X.text" (HAPI
 *                            # returns div as a detached string, the Narrative can be changed in place)
 *     operator: token        # token | date-shift | generalize | redact | keep | free-text
 *     tokenType: PATIENT_NAME  # required for token; may use {kind}
 *     phiType: NAME          # optional
 * typeDefaults:              # by FHIR type, for elements no rule touched; must cover the PHI-bearing types
 *   - type: HumanName
 *     operator: token
 *     tokenType: NAME
 * </pre>
 */
public record PseudonymizationProfile(String id, int version, String description,
        TextPseudonymizer.DateHandling freeTextDates, List<Rule> rules, List<TypeDefault> typeDefaults) {

    /** The classpath resource of the shipped Safe Harbor default. */
    public static final String SAFE_HARBOR_RESOURCE = "/rules/safe-harbor-v1.yaml";

    /** The FHIR types a profile must give a type default, so no name, id, contact or address slips through. */
    public static final Set<String> REQUIRED_DEFAULTS = Set.of("HumanName", "Identifier", "ContactPoint", "Address");

    /** The FHIR types a type default may name. */
    public static final Set<String> DEFAULTABLE_TYPES = Set.of("HumanName", "Identifier", "ContactPoint", "Address",
            "Reference", "Narrative", "Annotation", "Attachment", "date", "dateTime", "instant", "Period", "Age");

    private static final Set<String> RULE_KEYS = Set.of("resource", "path", "operator", "tokenType", "phiType");
    private static final Set<String> DEFAULT_KEYS = Set.of("type", "operator", "tokenType", "phiType");

    public PseudonymizationProfile {
        rules = List.copyOf(rules);
        typeDefaults = List.copyOf(typeDefaults);
    }

    /** The shipped Safe Harbor default profile. */
    public static PseudonymizationProfile safeHarbor() {
        try (InputStream in = PseudonymizationProfile.class.getResourceAsStream(SAFE_HARBOR_RESOURCE)) {
            if (in == null) {
                throw new InvalidProfileException(SAFE_HARBOR_RESOURCE + " is not on the class path");
            }
            return load(in, SAFE_HARBOR_RESOURCE);
        } catch (IOException e) {
            throw new InvalidProfileException("cannot read " + SAFE_HARBOR_RESOURCE, e);
        }
    }

    /**
     * Parses and validates a profile: unknown keys or operators, a token rule without a token type, an unknown
     * resource type, a FHIRPath that does not parse or does not evaluate on that resource type, or a missing
     * required type default each fail with a message naming {@code source} and the rule.
     */
    public static PseudonymizationProfile load(InputStream yaml, String source) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new InvalidProfileException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidProfileException(source + ": expected a mapping with id, version and rules");
        }
        String id = requiredText(root, "id", source);
        JsonNode v = root.get("version");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new InvalidProfileException(source + ": 'version' must be an integer");
        }
        String description = root.path("description").asText("");
        String dates = root.path("freeTextDates").asText("token");
        TextPseudonymizer.DateHandling dateHandling = switch (dates) {
            case "shift" -> TextPseudonymizer.DateHandling.SHIFT;
            case "token" -> TextPseudonymizer.DateHandling.TOKEN;
            default -> throw new InvalidProfileException(source + ": freeTextDates must be shift or token, not '"
                    + dates + "'");
        };
        FhirContext ctx = FhirContext.forR4Cached();
        IFhirPath fhirPath = ctx.newFhirPath();
        Map<String, IBaseResource> samples = new LinkedHashMap<>();

        JsonNode rulesNode = root.get("rules");
        if (rulesNode == null || !rulesNode.isArray()) {
            throw new InvalidProfileException(source + ": 'rules' must be a list");
        }
        List<Rule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode r : rulesNode) {
            index++;
            String where = source + ": rule " + index + (r.hasNonNull("path") ? " (" + r.get("path").asText() + ")" : "");
            checkKeys(r, RULE_KEYS, where);
            String resource = requiredText(r, "resource", where);
            String path = requiredText(r, "path", where);
            Operator op = operator(r, where);
            String tokenType = tokenType(r, op, where);
            PhiType phiType = phiType(r, where);
            IBaseResource sample = samples.computeIfAbsent(resource, t -> {
                try {
                    RuntimeResourceDefinition def = ctx.getResourceDefinition(t);
                    return def.newInstance();
                } catch (RuntimeException e) {
                    throw new InvalidProfileException(where + ": unknown resource type '" + t + "'");
                }
            });
            IFhirPath.IParsedExpression parsed;
            try {
                // HAPI returns text.div as a detached string; the Narrative itself is what can be changed in place
                parsed = fhirPath.parse(path.endsWith(".text.div") ? path.substring(0, path.length() - 4) : path);
            } catch (Exception e) {
                throw new InvalidProfileException(where + ": FHIRPath does not parse: " + e.getMessage(), e);
            }
            try {
                // a dry run on an empty resource catches paths that parse but cannot run (unknown types, functions)
                fhirPath.evaluate(sample, parsed, IBase.class);
            } catch (RuntimeException e) {
                throw new InvalidProfileException(where + ": FHIRPath cannot be evaluated on " + resource + ": "
                        + e.getMessage(), e);
            }
            rules.add(new Rule(index, resource, path, op, tokenType, phiType, parsed));
        }

        List<TypeDefault> defaults = new ArrayList<>();
        JsonNode defaultsNode = root.path("typeDefaults");
        if (!defaultsNode.isMissingNode() && !defaultsNode.isArray()) {
            throw new InvalidProfileException(source + ": 'typeDefaults' must be a list");
        }
        int d = 0;
        for (JsonNode t : defaultsNode) {
            d++;
            String where = source + ": typeDefault " + d + (t.hasNonNull("type") ? " (" + t.get("type").asText() + ")" : "");
            checkKeys(t, DEFAULT_KEYS, where);
            String type = requiredText(t, "type", where);
            if (!DEFAULTABLE_TYPES.contains(type)) {
                throw new InvalidProfileException(where + ": type must be one of " + DEFAULTABLE_TYPES);
            }
            if (defaults.stream().anyMatch(x -> x.type().equals(type))) {
                throw new InvalidProfileException(where + ": type " + type + " has a default already");
            }
            Operator op = operator(t, where);
            defaults.add(new TypeDefault(type, op, tokenType(t, op, where), phiType(t, where)));
        }
        for (String required : REQUIRED_DEFAULTS) {
            TypeDefault td = defaults.stream().filter(x -> x.type().equals(required)).findFirst().orElse(null);
            if (td == null || td.operator() == Operator.KEEP) {
                throw new InvalidProfileException(source + ": typeDefaults must cover " + required
                        + " with an operator other than keep (fail safe)");
            }
        }
        return new PseudonymizationProfile(id, v.intValue(), description, dateHandling, rules, defaults);
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new InvalidProfileException(where + ": expected a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new InvalidProfileException(where + ": unknown key '" + k + "' (allowed: " + allowed + ")");
            }
        }
    }

    private static String requiredText(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new InvalidProfileException(where + ": '" + key + "' is required");
        }
        return v.asText().strip();
    }

    private static Operator operator(JsonNode node, String where) {
        String name = requiredText(node, "operator", where);
        return Operator.byRuleName(name).orElseThrow(() -> new InvalidProfileException(
                where + ": unknown operator '" + name + "' (expected one of " + Operator.allRuleNames() + ")"));
    }

    private static String tokenType(JsonNode node, Operator op, String where) {
        JsonNode t = node.get("tokenType");
        if (t == null || t.isNull()) {
            if (op == Operator.TOKEN) {
                throw new InvalidProfileException(where + ": operator token needs a tokenType");
            }
            return null;
        }
        String type = t.asText().strip();
        if (!Tokens.isValidType(type.replace("{kind}", "KIND"))) {
            throw new InvalidProfileException(where + ": tokenType '" + type
                    + "' must be upper-case letters, digits and _ (optionally with {kind})");
        }
        return type;
    }

    private static PhiType phiType(JsonNode node, String where) {
        JsonNode t = node.get("phiType");
        if (t == null || t.isNull()) {
            return null;
        }
        try {
            return PhiType.valueOf(t.asText().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(where + ": unknown phiType '" + t.asText() + "'");
        }
    }
}
