package org.signet.services.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the synthetic patients: the Synthea R4 transaction Bundles in {@code ms-anonymizer-samples-r4/*.json}
 * under the seed directory. Each resource keeps its Synthea id (the uuid of its {@code urn:uuid:} fullUrl), so the
 * ids are stable across runs; {@code urn:uuid:} references are resolved across all bundles (patient bundles point
 * at practitioners and organizations in the shared bundles). Types the sandbox does not serve are skipped, but
 * their ids are remembered, so the references to them in served resources are not dangling.
 */
final class SeedLoader {

  static final String BUNDLE_DIR = "ms-anonymizer-samples-r4";
  private static final Logger LOG = LoggerFactory.getLogger(SeedLoader.class);

  private SeedLoader() {}

  static void load(FhirContext ctx, Path seedDir, ResourceStore store) {
    Path dir = seedDir.resolve(BUNDLE_DIR);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Seed directory " + dir.toAbsolutePath() + " does not exist");
    }
    IParser parser = ctx.newJsonParser();
    List<Resource> resources = new ArrayList<>();
    Map<String, String> placeholders = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          Bundle bundle = parser.parseResource(Bundle.class, reader);
          for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            if (r == null) {
              continue;
            }
            String id = entry.getFullUrl() != null && entry.getFullUrl().startsWith("urn:uuid:")
                ? entry.getFullUrl().substring("urn:uuid:".length()) : r.getIdElement().getIdPart();
            r.setId(new IdType(r.fhirType(), id));
            if (entry.getFullUrl() != null) {
              placeholders.put(entry.getFullUrl(), r.fhirType() + "/" + id);
            }
            resources.add(r);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read seed bundles in " + dir, e);
    }
    Date now = new Date();
    int served = 0;
    for (Resource r : resources) {
      if (!SearchParameterRegistry.isSupportedType(r.fhirType())) {
        store.addUnservedSeedId(r.fhirType() + "/" + r.getIdElement().getIdPart());
        continue;
      }
      for (Reference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
        String target = ref.hasReference() ? placeholders.get(ref.getReference()) : null;
        if (target != null) {
          ref.setReference(target);
        }
      }
      r.setId(new IdType(r.fhirType(), r.getIdElement().getIdPart(), "1"));
      r.getMeta().setVersionId("1");
      r.getMeta().setLastUpdated(now);
      store.putSeed(r);
      served++;
    }
    LOG.info("Seeded {} resources from {} ({} of unserved types skipped)", served, dir, resources.size() - served);
  }
}
