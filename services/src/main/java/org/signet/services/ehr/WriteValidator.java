package org.signet.services.ehr;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildContainedResources;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a production FHIR server checks before it stores a resource, short of profile validation: required
 * elements (minimum cardinality) are present, and every reference is local, points at a type the element allows,
 * and resolves to a resource that exists. Any failure is a 422 with an OperationOutcome listing all problems.
 */
final class WriteValidator {

  private final FhirContext ctx;

  WriteValidator(FhirContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param where names the resource in messages, e.g. "Bundle.entry[2].resource(Observation)"
   * @param exists answers whether a resource of (type, id) exists (in the store, or earlier in the same transaction)
   */
  void validate(Resource resource, BiPredicate<String, String> exists, String where) {
    List<String> problems = new ArrayList<>();
    RuntimeResourceDefinition def = ctx.getResourceDefinition(resource);
    walk(resource, def, where, exists, problems);
    if (!problems.isEmpty()) {
      OperationOutcome outcome = new OperationOutcome();
      problems.forEach(p -> outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(p.contains("reference") ? OperationOutcome.IssueType.INVALID
              : OperationOutcome.IssueType.REQUIRED).setDiagnostics(p));
      throw new UnprocessableEntityException(ctx, outcome);
    }
  }

  private void walk(IBase element, BaseRuntimeElementCompositeDefinition<?> def, String path,
      BiPredicate<String, String> exists, List<String> problems) {
    for (BaseRuntimeChildDefinition child : def.getChildren()) {
      if (child instanceof RuntimeChildContainedResources) {
        continue;
      }
      List<IBase> values = child.getAccessor().getValues(element);
      String childPath = path + "." + child.getElementName();
      long present = values.stream().filter(v -> !v.isEmpty()).count();
      if (present < child.getMin()) {
        problems.add(childPath + ": required element is missing (minimum cardinality " + child.getMin() + ")");
      }
      for (IBase value : values) {
        if (value.isEmpty()) {
          continue;
        }
        if (value instanceof Reference ref && child instanceof RuntimeChildResourceDefinition refChild) {
          checkReference(ref, refChild, childPath, exists, problems);
        }
        BaseRuntimeElementDefinition<?> valueDef = child.getChildElementDefinitionByDatatype(value.getClass());
        if (valueDef == null) {
          valueDef = child.getChildByName(child.getElementName());
        }
        if (valueDef instanceof BaseRuntimeElementCompositeDefinition<?> composite
            && !(value instanceof IBaseResource)) {
          walk(value, composite, childPath, exists, problems);
        }
      }
    }
  }

  private void checkReference(Reference ref, RuntimeChildResourceDefinition child, String path,
      BiPredicate<String, String> exists, List<String> problems) {
    if (!ref.hasReference()) {
      return; // a logical reference (identifier/display only) is allowed
    }
    String value = ref.getReference();
    if (value.startsWith("#")) {
      return;
    }
    if (value.startsWith("urn:")) {
      problems.add(path + ": reference '" + value + "' is a placeholder that does not resolve to any resource");
      return;
    }
    if (value.contains("://")) {
      problems.add(path + ": external reference '" + value + "' is not allowed; use a relative reference Type/id");
      return;
    }
    IdType id = new IdType(value);
    String type = id.getResourceType();
    if (type == null || !id.hasIdPart() || !isResourceType(type)) {
      problems.add(path + ": reference '" + value + "' is not of the form Type/id");
      return;
    }
    if (!allowedTarget(child, type)) {
      problems.add(path + ": reference to a " + type + " is not allowed here (allowed: " + allowedNames(child) + ")");
      return;
    }
    if (!exists.test(type, id.getIdPart())) {
      problems.add(path + ": reference '" + value + "' points to a resource that does not exist");
    }
  }

  private boolean isResourceType(String type) {
    try {
      ctx.getResourceDefinition(type);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean allowedTarget(RuntimeChildResourceDefinition child, String type) {
    Class<? extends IBaseResource> target = ctx.getResourceDefinition(type).getImplementingClass();
    for (Class<? extends IBaseResource> allowed : child.getResourceTypes()) {
      if (allowed.isAssignableFrom(target)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> allowedNames(RuntimeChildResourceDefinition child) {
    return child.getResourceTypes().stream().map(Class::getSimpleName).toList();
  }
}
