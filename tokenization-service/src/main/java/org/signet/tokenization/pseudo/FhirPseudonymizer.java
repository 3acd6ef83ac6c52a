package org.signet.tokenization.pseudo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * Pseudonymizes FHIR R4 resources and bundles by a {@link PseudonymizationProfile}.
 *
 * <p>A pass, on a deep copy (the input is never changed):
 * <ol>
 *   <li>every rule for the resource's type, in file order, on each resource (bundle entries and contained
 *       resources included); an element a rule handled is not handled again;</li>
 *   <li>a walk of the whole model applies the profile's type defaults to every element of a
 *       listed type no rule touched — an Identifier in an extension no rule names is still tokenized (fail safe);
 *       an element a rule kept or redacted is not entered;</li>
 *   <li>free text last, once the chart holds every name, id, phone and address the structured rules tokenized, so
 *       "Mrs. Ruelas" in a note gets the token Patient.name got.</li>
 * </ol>
 * Resource ids and references ({@code Patient/123}, {@code urn:uuid:…}) are kept: they are not PHI in Signet and
 * the draft must be able to point at its sources. {@code Reference.display} is pseudonymized.
 *
 * <p>Immutable and thread-safe (FHIRPath engines are per thread; expressions are parsed once, at profile load).
 */
public final class FhirPseudonymizer {

    /**
     * @param resource the pseudonymized copy
     * @param chart    every original the pass tokenized, for later free text in the same vault (PHI: keep it in the
     *                 vault's memory only)
     * @param counts   elements transformed per rule or type default label
     */
    public record Result(IBaseResource resource, List<ChartEntry> chart, Map<String, Integer> counts) {
    }

    private final PseudonymizationProfile profile;
    private final Map<String, List<Rule>> rulesByResource = new HashMap<>();
    private final Map<String, TypeDefault> defaultsByType = new HashMap<>();
    private final TextPseudonymizer text;
    private final FhirContext ctx = FhirContext.forR4Cached();
    private final ThreadLocal<IFhirPath> fhirPath = ThreadLocal.withInitial(ctx::newFhirPath);

    public FhirPseudonymizer(PseudonymizationProfile profile) {
        this.profile = profile;
        for (Rule r : profile.rules()) {
            rulesByResource.computeIfAbsent(r.resource(), k -> new ArrayList<>()).add(r);
        }
        for (TypeDefault d : profile.typeDefaults()) {
            defaultsByType.put(d.type(), d);
        }
        this.text = new TextPseudonymizer(profile.freeTextDates());
    }

    /** With the shipped Safe Harbor profile. */
    public static FhirPseudonymizer safeHarbor() {
        return new FhirPseudonymizer(PseudonymizationProfile.safeHarbor());
    }

    public PseudonymizationProfile profile() {
        return profile;
    }

    /** The free-text pseudonymizer configured like this profile (for transcripts of the same vault). */
    public TextPseudonymizer textPseudonymizer() {
        return text;
    }

    public Result pseudonymize(IBaseResource resourceOrBundle, TokenIssuer issuer) {
        if (!(resourceOrBundle instanceof Resource original)) {
            throw new IllegalArgumentException("expected a FHIR R4 resource, got "
                    + (resourceOrBundle == null ? "null" : resourceOrBundle.getClass().getName()));
        }
        Resource copy = original.copy();
        PseudonymizationPass pass = new PseudonymizationPass(issuer, text);
        List<Resource> resources = new ArrayList<>();
        collect(copy, resources);
        IFhirPath fp = fhirPath.get();
        for (Resource r : resources) {
            applyRules(r, pass, fp);
        }
        List<Base> literals = applyTypeDefaults(copy, pass);
        pass.runDeferred();
        pass.escapeLiterals(literals);
        return new Result(copy, pass.chart(), pass.counts());
    }

    private static void collect(Resource r, List<Resource> out) {
        out.add(r);
        if (r instanceof Bundle b) {
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                if (e.hasResource()) {
                    collect(e.getResource(), out);
                }
            }
        }
        if (r instanceof DomainResource d) {
            for (Resource c : d.getContained()) {
                collect(c, out);
            }
        }
    }

    private void applyRules(Resource r, PseudonymizationPass pass, IFhirPath fp) {
        List<Rule> rules = rulesByResource.get(r.fhirType());
        if (rules == null) {
            return;
        }
        for (Rule rule : rules) {
            List<IBase> found;
            try {
                found = fp.evaluate(r, rule.parsed(), IBase.class);
            } catch (RuntimeException e) {
                throw new IllegalStateException(rule.label() + " failed on a " + r.fhirType() + ": " + e.getMessage(), e);
            }
            if (found.isEmpty()) {
                continue;
            }
            Application app = new Application(pass, r, rule.label(), rule.tokenType(), rule.phiType(), false);
            for (IBase element : found) {
                if (element instanceof Base b && !pass.isHandled(b)) {
                    rule.operator().strategy().apply(b, app);
                    pass.count(rule.label());
                }
            }
        }
    }

    /** Applies the type defaults; returns the strings and narratives that hold token-shaped text, for escaping. */
    private List<Base> applyTypeDefaults(Resource root, PseudonymizationPass pass) {
        List<Base> elements = new ArrayList<>();
        List<Base> literals = new ArrayList<>();
        collectDefaults(root, pass, false, elements, literals);
        for (Base b : elements) {
            if (pass.isHandled(b)) {
                continue;
            }
            TypeDefault d = defaultsByType.get(b.fhirType());
            Application app = new Application(pass, root, d.label(), d.tokenType(), d.phiType(), true);
            d.operator().strategy().apply(b, app);
            pass.count(d.label());
        }
        return literals;
    }

    /**
     * Walks the model (every child of every element, extensions and contained resources included) collecting the
     * elements a type default applies to, and every string or narrative with token-shaped text in it (kept
     * elements too). Not FhirTerser.visit: that checks every subtree for emptiness on the way down, which costs more
     * than the rest of the pass. {@code kept}: inside an element a rule kept or redacted, where no default applies.
     */
    private void collectDefaults(Base element, PseudonymizationPass pass, boolean kept, List<Base> out,
            List<Base> literals) {
        boolean keptHere = kept || pass.isFrozen(element);
        if (!keptHere && !pass.isHandled(element) && defaultsByType.containsKey(element.fhirType())) {
            out.add(element);
        }
        if (element instanceof PrimitiveType<?> p) {
            if (p.getValue() instanceof String value && value.contains("[[")) {
                literals.add(p);
            }
        } else if (element instanceof Narrative n && n.getDiv() != null) {
            String text = n.getDiv().allText();
            if (text != null && text.contains("[[")) {
                literals.add(n);
            }
        }
        for (Property p : element.children()) {
            if (!p.hasValues()) {
                continue;
            }
            for (Base child : p.getValues()) {
                if (child != null) {
                    collectDefaults(child, pass, keptHere, out, literals);
                }
            }
        }
    }
}
