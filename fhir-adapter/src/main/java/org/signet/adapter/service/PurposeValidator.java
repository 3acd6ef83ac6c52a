package org.signet.adapter.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.signet.kit.InvalidFields;
import org.signet.kit.InvalidFields.FieldError;
import java.util.regex.Pattern;
import org.signet.adapter.mapping.ElementCatalog;
import org.signet.adapter.mapping.ReadableTypes;
import org.signet.adapter.purpose.PurposeChange;
import org.signet.adapter.purpose.PurposeRetention;
import org.signet.adapter.purpose.ResourceRule;

/**
 * Checks a purpose version before it is stored; every problem is reported at once, by field path (422). Blocking: the
 * last check reads the EHR's CapabilityStatement (cached), so that a type or search parameter the EHR cannot answer is
 * refused when the admin saves the purpose, not when a clinician first drafts with it.
 */
public final class PurposeValidator {

    /** LOINC note types Signet drafts: progress, consult, H&P, discharge summary. */
    public static final Set<String> NOTE_TYPES = Set.of("11506-3", "11488-4", "34117-2", "18842-5");
    /** HL7 v3 ActReason purposes of use that may drive drafting. */
    public static final Set<String> PURPOSES_OF_USE = Set.of("TREAT", "ETREAT", "CAREMGT", "HOPERAT");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final ElementCatalog catalog;
    /** What of a type searched by some parameters the EHR does not declare (see {@code EhrCapabilities#missing}). */
    private final BiFunction<String, Set<String>, Optional<String>> unsupported;

    public PurposeValidator(ElementCatalog catalog, BiFunction<String, Set<String>, Optional<String>> unsupported) {
        this.catalog = catalog;
        this.unsupported = unsupported;
    }

    /** Throws {@link InvalidFields} (422) listing every problem. */
    public void validate(String id, PurposeChange change) {
        List<FieldError> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(new FieldError("id", "must match " + ID.pattern()));
        }
        if (change.displayName() == null || change.displayName().isBlank() || change.displayName().length() > 200) {
            problems.add(new FieldError("displayName", "is required (at most 200 characters)"));
        }
        if (change.purposeOfUse() == null || !PURPOSES_OF_USE.contains(change.purposeOfUse())) {
            problems.add(new FieldError("purposeOfUse", "must be one of " + new java.util.TreeSet<>(PURPOSES_OF_USE)));
        }
        var def = change.definition();
        if (def == null) {
            problems.add(new FieldError("definition", "is required"));
            throw new InvalidFields(problems);
        }
        if (def.noteTypes() == null || def.noteTypes().isEmpty()
                || !NOTE_TYPES.containsAll(def.noteTypes())) {
            problems.add(new FieldError("definition.noteTypes", "must be a non-empty subset of "
                    + new java.util.TreeSet<>(NOTE_TYPES)));
        }
        if (def.modelProviders() == null || def.modelProviders().isEmpty()
                || !def.modelProviders().stream().allMatch(p -> p != null && PROVIDER.matcher(p).matches())) {
            problems.add(new FieldError("definition.modelProviders", "must list at least one provider id"));
        }
        if (def.resourceRules() == null || def.resourceRules().isEmpty()) {
            problems.add(new FieldError("definition.resourceRules", "must not be empty"));
        } else {
            for (int i = 0; i < def.resourceRules().size(); i++) {
                rule(def.resourceRules().get(i), "definition.resourceRules[" + i + "]", problems);
            }
        }
        retention(def.retention(), problems);
        if (problems.isEmpty()) {
            for (int i = 0; i < def.resourceRules().size(); i++) {
                supported(def.resourceRules().get(i), "definition.resourceRules[" + i + "]", problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFields(problems);
        }
    }

    private void rule(ResourceRule rule, String path, List<FieldError> problems) {
        if (rule == null || rule.type() == null || !ReadableTypes.readable(rule.type())) {
            problems.add(new FieldError(path + ".type", "must be one of "
                    + new java.util.TreeSet<>(ReadableTypes.TYPES)));
            return;
        }
        if (rule.elements() == null || rule.elements().isEmpty()) {
            problems.add(new FieldError(path + ".elements", "must not be empty"));
        } else {
            for (String element : rule.elements()) {
                if (element == null || !catalog.isElement(rule.type(), element)) {
                    problems.add(new FieldError(path + ".elements", element + " is not an R4 element of "
                            + rule.type() + " (name choice elements without their type, e.g. value)"));
                }
            }
        }
        if (rule.maxCount() < 1 || rule.maxCount() > 1000) {
            problems.add(new FieldError(path + ".maxCount", "must be 1..1000"));
        }
        var dateParam = ReadableTypes.dateParam(rule.type());
        if (rule.lookbackDays() != null) {
            if (dateParam.isEmpty()) {
                problems.add(new FieldError(path + ".lookbackDays", rule.type() + " has no date to look back on"));
            } else if (rule.lookbackDays() < 1 || rule.lookbackDays() > 36500) {
                problems.add(new FieldError(path + ".lookbackDays", "must be 1..36500"));
            }
        }
        if (rule.search() != null) {
            rule.search().forEach((name, value) -> {
                if (name == null || ReadableTypes.RESERVED_PARAMS.contains(name)
                        || dateParam.filter(name::equals).isPresent()) {
                    problems.add(new FieldError(path + ".search", name
                            + " is set by the adapter and may not be fixed"));
                } else if (value == null || value.isBlank()) {
                    problems.add(new FieldError(path + ".search." + name, "needs a value"));
                }
            });
        }
        if (Boolean.TRUE.equals(rule.encounterOnly()) && !"Encounter".equals(rule.type())) {
            problems.add(new FieldError(path + ".encounterOnly", "applies to Encounter only"));
        }
        if ("Patient".equals(rule.type()) && rule.maxCount() != 1) {
            problems.add(new FieldError(path + ".maxCount", "must be 1 for Patient"));
        }
    }

    /** The EHR's CapabilityStatement must declare the rule's type and every parameter the adapter will search by. */
    private void supported(ResourceRule rule, String path, List<FieldError> problems) {
        Set<String> params = MinimumNecessaryQuery.searchParameters(rule);
        unsupported.apply(rule.type(), params).ifPresent(missing -> {
            String field = path + ".type";
            for (String param : params) {
                if (missing.equals("search parameter '" + param + "' on " + rule.type())) {
                    field = rule.search() != null && rule.search().containsKey(param) ? path + ".search." + param
                            : ReadableTypes.dateParam(rule.type()).filter(param::equals).isPresent()
                                    ? path + ".lookbackDays" : path + ".type";
                }
            }
            problems.add(new FieldError(field, "needs " + missing + ", which this EHR does not support "
                    + "(its CapabilityStatement)"));
        });
    }

    private static void retention(PurposeRetention retention, List<FieldError> problems) {
        if (retention == null) {
            return;
        }
        days(retention.reviewDays(), "definition.retention.reviewDays", problems);
        days(retention.vaultDays(), "definition.retention.vaultDays", problems);
        days(retention.jobDays(), "definition.retention.jobDays", problems);
        if (retention.reviewDays() != null && retention.vaultDays() != null
                && retention.vaultDays() < retention.reviewDays()) {
            problems.add(new FieldError("definition.retention.vaultDays", "must be at least reviewDays: a draft's "
                    + "vault must outlive its review, or the clinician could not read it"));
        }
    }

    private static void days(Integer days, String field, List<FieldError> problems) {
        if (days != null && (days < 1 || days > 3650)) {
            problems.add(new FieldError(field, "must be 1..3650 days (or left out for the default)"));
        }
    }
}
