package org.signet.services.ehr;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The HAPI door for one resource type: read, create (with If-None-Exist), update; subclasses add the typed search.
 * Generic in the type, as HAPI's own JPA providers are: HAPI takes the type from {@link #getResourceType()}.
 */
public abstract class StoreBackedProvider<T extends Resource> implements IResourceProvider {

  private final SandboxFhirService service;
  private final Class<T> type;

  protected StoreBackedProvider(SandboxFhirService service, Class<T> type) {
    this.service = service;
    this.type = type;
  }

  @Override
  public Class<T> getResourceType() {
    return type;
  }

  String typeName() {
    return type.getSimpleName();
  }

  @Read
  public T read(@IdParam IdType id) {
    return type.cast(service.read(typeName(), id));
  }

  @Create
  public MethodOutcome create(@ResourceParam T resource, @ConditionalUrlParam String ifNoneExist) {
    SandboxFhirService.CreateResult result = service.create(resource, ifNoneExist);
    MethodOutcome outcome = new MethodOutcome(result.resource().getIdElement(), result.created());
    outcome.setResource(result.resource());
    return outcome;
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource) {
    Resource stored = service.update(id, resource);
    MethodOutcome outcome = new MethodOutcome(stored.getIdElement(), false);
    outcome.setResource(stored);
    return outcome;
  }

  protected SearchCriteria criteria() {
    return new SearchCriteria(typeName());
  }

  protected IBundleProvider runSearch(SearchCriteria criteria, SortSpec sort) {
    return new SearchResults(typeName(), service.search(criteria, sort));
  }

  /**
   * A search's results, remembering the type so a later page request can be authorised against it. Holds the
   * store's own instances and hands out copies of the requested page only.
   */
  public static final class SearchResults extends SimpleBundleProvider {
    private final String resourceType;

    SearchResults(String resourceType, List<? extends Resource> resources) {
      super(resources);
      this.resourceType = resourceType;
    }

    @Override
    public List<IBaseResource> getResources(int from, int to, ResponsePage.ResponsePageBuilder page) {
      return super.getResources(from, to, page).stream()
          .<IBaseResource>map(resource -> ((Resource) resource).copy()).toList();
    }

    public String resourceType() {
      return resourceType;
    }
  }
}
