package org.signet.tokenization.pseudo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.fhirpath.IFhirPath;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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

    /** Maps the file onto {@link ProfileFile}: unknown keys, and a number where text or an integer belongs, fail. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    /** The profile as its file says it, before it is checked. */
    record ProfileFile(String id, Integer version, String description, String freeTextDates, List<RuleFile> rules,
            List<DefaultFile> typeDefaults) {}

    /** A rule as its file says it. */
    record RuleFile(String resource, String path, String operator, String tokenType, String phiType) {}

    /** A type default as its file says it. */
    record DefaultFile(String type, String operator, String tokenType, String phiType) {}

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
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new InvalidProfileException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProfileException(source + ": expected a mapping with id, version and rules");
        }
        ProfileFile file = mapped(tree, source);
        String id = required(file.id(), "id", source);
        if (file.version() == null) {
            throw new InvalidProfileException(source + ": 'version' must be an integer");
        }
        String dates = file.freeTextDates() == null ? "token" : file.freeTextDates();
        TextPseudonymizer.DateHandling dateHandling = switch (dates) {
            case "shift" -> TextPseudonymizer.DateHandling.SHIFT;
            case "token" -> TextPseudonymizer.DateHandling.TOKEN;
            default -> throw new InvalidProfileException(source + ": freeTextDates must be shift or token, not '"
                    + dates + "'");
        };
        if (file.rules() == null) {
            throw new InvalidProfileException(source + ": 'rules' must be a list");
        }
        FhirContext ctx = FhirContext.forR4Cached();
        IFhirPath fhirPath = ctx.newFhirPath();
        Map<String, IBaseResource> samples = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>();
        for (RuleFile r : file.rules()) {
            int index = rules.size() + 1;
            String where = ruleName(source, index, r == null ? null : r.path());
            if (r == null) {
                throw new InvalidProfileException(where + ": expected a mapping");
            }
            rules.add(rule(index, r, where, fhirPath, samples.computeIfAbsent(required(r.resource(), "resource",
                    where), type -> sample(ctx, type, where))));
        }
        List<TypeDefault> defaults = new ArrayList<>();
        for (DefaultFile t : file.typeDefaults() == null ? List.<DefaultFile>of() : file.typeDefaults()) {
            String where = source + ": typeDefault " + (defaults.size() + 1)
                    + (t != null && t.type() != null ? " (" + t.type() + ")" : "");
            if (t == null) {
                throw new InvalidProfileException(where + ": expected a mapping");
            }
            String type = required(t.type(), "type", where);
            if (!DEFAULTABLE_TYPES.contains(type)) {
                throw new InvalidProfileException(where + ": type must be one of " + DEFAULTABLE_TYPES);
            }
            if (defaults.stream().anyMatch(x -> x.type().equals(type))) {
                throw new InvalidProfileException(where + ": type " + type + " has a default already");
            }
            Operator op = operator(t.operator(), where);
            defaults.add(new TypeDefault(type, op, tokenType(t.tokenType(), op, where), phiType(t.phiType(), where)));
        }
        for (String required : REQUIRED_DEFAULTS) {
            TypeDefault td = defaults.stream().filter(x -> x.type().equals(required)).findFirst().orElse(null);
            if (td == null || td.operator() == Operator.KEEP) {
                throw new InvalidProfileException(source + ": typeDefaults must cover " + required
                        + " with an operator other than keep (fail safe)");
            }
        }
        return new PseudonymizationProfile(id, file.version(), file.description() == null ? "" : file.description(),
                dateHandling, rules, defaults);
    }

    /**
     * The tree mapped onto {@link ProfileFile}; a key or value Jackson refuses is named by the rule or type default
     * it is in (its path read from the tree, since the mapping never finished).
     */
    private static ProfileFile mapped(JsonNode tree, String source) {
        try {
            return YAML.treeToValue(tree, ProfileFile.class);
        } catch (JsonMappingException e) {
            List<JsonMappingException.Reference> path = e.getPath();
            String where = source;
            if (path.size() >= 2 && path.get(1).getIndex() >= 0) {
                String list = path.get(0).getFieldName();
                JsonNode entry = tree.path(list).path(path.get(1).getIndex());
                int number = path.get(1).getIndex() + 1;
                where = "rules".equals(list) ? ruleName(source, number, entry.path("path").textValue())
                        : source + ": typeDefault " + number + (entry.path("type").isTextual()
                                ? " (" + entry.path("type").textValue() + ")" : "");
            }
            if (e instanceof UnrecognizedPropertyException unknown) {
                throw new InvalidProfileException(where + ": unknown key '" + unknown.getPropertyName()
                        + "' (allowed: " + unknown.getKnownPropertyIds() + ")", e);
            }
            String key = path.isEmpty() ? "" : path.get(path.size() - 1).getFieldName();
            throw new InvalidProfileException(where + ": '" + key + "' " + ("version".equals(key)
                    ? "must be an integer" : "has a value of the wrong kind (" + e.getOriginalMessage() + ")"), e);
        } catch (IOException e) {
            throw new InvalidProfileException(source + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String ruleName(String source, int index, String path) {
        return source + ": rule " + index + (path != null ? " (" + path + ")" : "");
    }

    private static IBaseResource sample(FhirContext ctx, String type, String where) {
        try {
            RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
            return def.newInstance();
        } catch (RuntimeException e) {
            throw new InvalidProfileException(where + ": unknown resource type '" + type + "'");
        }
    }

    /** A rule whose FHIRPath parses, and runs on an empty {@code sample} of its resource type. */
    private static Rule rule(int index, RuleFile r, String where, IFhirPath fhirPath, IBaseResource sample) {
        String path = required(r.path(), "path", where);
        Operator op = operator(r.operator(), where);
        String tokenType = tokenType(r.tokenType(), op, where);
        PhiType phiType = phiType(r.phiType(), where);
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
            throw new InvalidProfileException(where + ": FHIRPath cannot be evaluated on " + r.resource() + ": "
                    + e.getMessage(), e);
        }
        return new Rule(index, r.resource().strip(), path, op, tokenType, phiType, parsed);
    }

    private static String required(String value, String key, String where) {
        if (value == null || value.isBlank()) {
            throw new InvalidProfileException(where + ": '" + key + "' is required");
        }
        return value.strip();
    }

    private static Operator operator(String written, String where) {
        String name = required(written, "operator", where);
        return Operator.byRuleName(name).orElseThrow(() -> new InvalidProfileException(
                where + ": unknown operator '" + name + "' (expected one of " + Operator.allRuleNames() + ")"));
    }

    private static String tokenType(String written, Operator op, String where) {
        if (written == null) {
            if (op == Operator.TOKEN) {
                throw new InvalidProfileException(where + ": operator token needs a tokenType");
            }
            return null;
        }
        String type = written.strip();
        if (!Tokens.isValidType(type.replace("{kind}", "KIND"))) {
            throw new InvalidProfileException(where + ": tokenType '" + type
                    + "' must be upper-case letters, digits and _ (optionally with {kind})");
        }
        return type;
    }

    private static PhiType phiType(String written, String where) {
        if (written == null) {
            return null;
        }
        try {
            return PhiType.valueOf(written.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(where + ": unknown phiType '" + written + "'");
        }
    }
}
