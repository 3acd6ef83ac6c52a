package org.signet.services.ehr;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The sandbox EHR's data: an in-memory, versioned resource store.
 *
 * <p>Thread safety: one read-write lock. Reads and searches share it; every write, and a whole transaction Bundle,
 * holds the write lock, which is what makes a transaction all-or-nothing and conditional creates race-free.
 * Resources go in and come out as copies, so nothing outside can change what is stored.
 */
public final class ResourceStore {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, LinkedHashMap<String, Resource>> byType = new LinkedHashMap<>();
  /** "Type/id" of seeded resources of types the sandbox does not serve, so references to them are not dangling. */
  private final Set<String> unservedSeedIds = new HashSet<>();

  private Map<String, LinkedHashMap<String, Resource>> seed = Map.of();
  private Set<String> seedUnserved = Set.of();

  public ResourceStore() {
    SearchParameterRegistry.SUPPORTED_TYPES.forEach(type -> byType.put(type, new LinkedHashMap<>()));
  }

  /** Remembers the current content as the seed that {@link #resetToSeed()} restores. */
  public void markAsSeed() {
    withWriteLock(() -> {
      seed = deepCopy(byType);
      seedUnserved = Set.copyOf(unservedSeedIds);
      return null;
    });
  }

  public void resetToSeed() {
    withWriteLock(() -> {
      byType.clear();
      byType.putAll(deepCopy(seed));
      unservedSeedIds.clear();
      unservedSeedIds.addAll(seedUnserved);
      return null;
    });
  }

  public <R> R withWriteLock(Supplier<R> work) {
    lock.writeLock().lock();
    try {
      return work.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  public <R> R withReadLock(Supplier<R> work) {
    lock.readLock().lock();
    try {
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A copy of the current version, or null. */
  public Resource read(String type, String id) {
    return withReadLock(() -> {
      Resource r = table(type).get(id);
      return r == null ? null : r.copy();
    });
  }

  public boolean exists(String type, String id) {
    return withReadLock(() -> (byType.containsKey(type) && table(type).containsKey(id))
        || unservedSeedIds.contains(type + "/" + id));
  }

  /** The stored instances of a type, not copies: callers must hold the read lock and must not modify them. */
  public List<Resource> scanLocked(String type) {
    return new ArrayList<>(table(type).values());
  }

  public String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Stores a new version of {@code resource} (its id must be set) and returns a copy of what was stored.
   * Version 1 when the id is new, else the current version + 1.
   */
  public Resource put(Resource resource, Date now) {
    return withWriteLock(() -> {
      String type = resource.fhirType();
      String id = resource.getIdElement().getIdPart();
      Resource current = table(type).get(id);
      long version = current == null ? 1 : Long.parseLong(current.getMeta().getVersionId()) + 1;
      Resource stored = resource.copy();
      stored.setId(new IdType(type, id, Long.toString(version)));
      stored.getMeta().setVersionId(Long.toString(version));
      stored.getMeta().setLastUpdated(now);
      table(type).put(id, stored);
      return stored.copy();
    });
  }

  /** Seeding only: stores as-is, keeping the resource's meta. */
  void putSeed(Resource resource) {
    withWriteLock(() -> table(resource.fhirType()).put(resource.getIdElement().getIdPart(), resource));
  }

  void addUnservedSeedId(String typeAndId) {
    withWriteLock(() -> unservedSeedIds.add(typeAndId));
  }

  public Map<String, Integer> counts() {
    return withReadLock(() -> {
      Map<String, Integer> counts = new LinkedHashMap<>();
      byType.forEach((type, table) -> counts.put(type, table.size()));
      return counts;
    });
  }

  private LinkedHashMap<String, Resource> table(String type) {
    LinkedHashMap<String, Resource> table = byType.get(type);
    if (table == null) {
      throw new IllegalArgumentException("Resource type not served by the sandbox: " + type);
    }
    return table;
  }

  private static Map<String, LinkedHashMap<String, Resource>> deepCopy(Map<String, LinkedHashMap<String, Resource>> src) {
    Map<String, LinkedHashMap<String, Resource>> copy = new LinkedHashMap<>();
    src.forEach((type, table) -> {
      LinkedHashMap<String, Resource> t = new LinkedHashMap<>();
      table.forEach((id, r) -> t.put(id, r.copy()));
      copy.put(type, t);
    });
    return copy;
  }
}
