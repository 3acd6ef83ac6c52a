package org.signet.adapter.service;

import org.signet.kit.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.signet.adapter.mapping.ElementCatalog;
import org.signet.adapter.mapping.ReadableTypes;
import org.signet.adapter.purpose.PurposeChange;
import org.signet.adapter.purpose.ResourceRule;

/** Checks a purpose version before it is stored; every problem is reported at once, by path. */
public final class PurposeValidator {

    /** LOINC note types Signet drafts: progress, consult, H&P, discharge summary. */
    public static final Set<String> NOTE_TYPES = Set.of("11506-3", "11488-4", "34117-2", "18842-5");
    /** HL7 v3 ActReason purposes of use that may drive drafting. */
    public static final Set<String> PURPOSES_OF_USE = Set.of("TREAT", "ETREAT", "CAREMGT", "HOPERAT");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final ElementCatalog catalog;

    public PurposeValidator(ElementCatalog catalog) {
        this.catalog = catalog;
    }

    /** Throws a 400 problem listing every problem. */
    public void validate(String id, PurposeChange change) {
        List<String> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("id must match " + ID.pattern());
        }
        if (change.displayName() == null || change.displayName().isBlank() || change.displayName().length() > 200) {
            problems.add("displayName is required (at most 200 characters)");
        }
        if (change.purposeOfUse() == null || !PURPOSES_OF_USE.contains(change.purposeOfUse())) {
            problems.add("purposeOfUse must be one of " + new java.util.TreeSet<>(PURPOSES_OF_USE));
        }
        var def = change.definition();
        if (def == null) {
            problems.add("definition is required");
            throw DomainException.invalid(String.join("; ", problems));
        }
        if (def.noteTypes() == null || def.noteTypes().isEmpty()
                || !NOTE_TYPES.containsAll(def.noteTypes())) {
            problems.add("definition.noteTypes must be a non-empty subset of " + new java.util.TreeSet<>(NOTE_TYPES));
        }
        if (def.modelProviders() == null || def.modelProviders().isEmpty()
                || !def.modelProviders().stream().allMatch(p -> p != null && PROVIDER.matcher(p).matches())) {
            problems.add("definition.modelProviders must list at least one provider id");
        }
        if (def.resourceRules() == null || def.resourceRules().isEmpty()) {
            problems.add("definition.resourceRules must not be empty");
        } else {
            for (int i = 0; i < def.resourceRules().size(); i++) {
                rule(def.resourceRules().get(i), "definition.resourceRules[" + i + "]", problems);
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(String.join("; ", problems));
        }
    }

    private void rule(ResourceRule rule, String path, List<String> problems) {
        if (rule == null || rule.type() == null || !ReadableTypes.readable(rule.type())) {
            problems.add(path + ".type must be one of " + new java.util.TreeSet<>(ReadableTypes.TYPES));
            return;
        }
        if (rule.elements() == null || rule.elements().isEmpty()) {
            problems.add(path + ".elements must not be empty");
        } else {
            for (String element : rule.elements()) {
                if (element == null || !catalog.isElement(rule.type(), element)) {
                    problems.add(path + ".elements: " + element + " is not an R4 element of " + rule.type()
                            + " (name choice elements without their type, e.g. value)");
                }
            }
        }
        if (rule.maxCount() < 1 || rule.maxCount() > 1000) {
            problems.add(path + ".maxCount must be 1..1000");
        }
        var dateParam = ReadableTypes.dateParam(rule.type());
        if (rule.lookbackDays() != null) {
            if (dateParam.isEmpty()) {
                problems.add(path + ".lookbackDays: " + rule.type() + " has no date to look back on");
            } else if (rule.lookbackDays() < 1 || rule.lookbackDays() > 36500) {
                problems.add(path + ".lookbackDays must be 1..36500");
            }
        }
        if (rule.search() != null) {
            rule.search().forEach((name, value) -> {
                if (name == null || ReadableTypes.RESERVED_PARAMS.contains(name)
                        || dateParam.filter(name::equals).isPresent()) {
                    problems.add(path + ".search: " + name + " is set by the adapter and may not be fixed");
                } else if (value == null || value.isBlank()) {
                    problems.add(path + ".search." + name + " needs a value");
                }
            });
        }
        if (Boolean.TRUE.equals(rule.encounterOnly()) && !"Encounter".equals(rule.type())) {
            problems.add(path + ".encounterOnly applies to Encounter only");
        }
        if ("Patient".equals(rule.type()) && rule.maxCount() != 1) {
            problems.add(path + ".maxCount must be 1 for Patient");
        }
    }
}
