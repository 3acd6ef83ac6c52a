package org.signet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every YAML file under k8s/base and k8s/overlays, parsed with fabric8 and held to the invariants. */
class SourceTreeTest {

    private static List<Manifests.Document> base;
    private static List<Manifests.Document> overlays;
    private static List<Manifests.Document> all;

    @BeforeAll
    static void load() {
        base = Manifests.loadTree(Manifests.root().resolve("base"));
        overlays = Manifests.loadTree(Manifests.root().resolve("overlays"));
        all = new ArrayList<>(base);
        all.addAll(overlays);
    }

    @Test
    void everyDocumentIsAKubernetesObject() {
        assertFalse(base.isEmpty(), "no YAML under k8s/base");
        assertEquals(Set.of("local", "production"), Set.copyOf(Manifests.overlays()));
        for (Manifests.Document doc : all) {
            assertTrue(doc.raw() instanceof Map<?, ?>, doc.where() + ": not a mapping");
            assertNotNull(doc.object(), doc.where() + ": no apiVersion/kind");
            if (doc.object() instanceof HasMetadata h && !"Kustomization".equals(h.getKind())) {
                assertNotNull(h.getMetadata(), doc.where() + ": no metadata");
                assertNotNull(h.getMetadata().getName(), doc.where() + ": no name");
            }
        }
        long typed = all.stream().filter(d -> !(d.object() instanceof GenericKubernetesResource)).count();
        long kustomizations = all.stream().filter(d -> d.object() instanceof GenericKubernetesResource g
                && "Kustomization".equals(g.getKind())).count();
        // everything but the kustomization files deserializes to fabric8's own model classes
        assertEquals(all.size(), typed + kustomizations, "documents of a kind fabric8 does not know");
    }

    @Test
    void noSecretIsCommitted() {
        assertEquals(List.of(), ManifestRules.noCommittedSecrets(all));
    }

    @Test
    void everyDeploymentIsProbedBoundedAndLockedDown() {
        // the base's Deployments; an overlay's Deployment patches are partial (OverlayGuard bounds what they may
        // change, and RenderedOverlaysTest checks the Deployments they render)
        List<Deployment> deployments = ManifestRules.of(Manifests.objects(base), Deployment.class);
        assertEquals(Set.copyOf(Topology.SERVICES),
                Set.copyOf(deployments.stream().map(ManifestRules::name).toList()));
        List<String> violations = new ArrayList<>();
        deployments.forEach(d -> violations.addAll(ManifestRules.deployment(d)));
        assertEquals(List.of(), violations);
    }

    @Test
    void configMapsHoldNoSecrets() {
        List<ConfigMap> configMaps = ManifestRules.of(Manifests.objects(all), ConfigMap.class);
        assertTrue(configMaps.size() >= 1 + Topology.SERVICES.size(), "expected signet-backing and a ConfigMap per service");
        List<String> violations = new ArrayList<>();
        configMaps.forEach(cm -> violations.addAll(ManifestRules.configMap(cm)));
        assertEquals(List.of(), violations);
    }

    @Test
    void baseIsCompleteAndWired() {
        assertEquals(List.of(), ManifestRules.wiring(Manifests.objects(base)));
    }

    @Test
    void baseKeepsThePhiBoundary() {
        assertEquals(List.of(), NetworkBoundary.check(Manifests.objects(base)));
    }

    @Test
    void noFieldIsUnknownToTheKubernetesModel() {
        List<String> violations = new ArrayList<>();
        Manifests.objects(all).forEach(o -> violations.addAll(ManifestRules.unknownFields(o)));
        assertEquals(List.of(), violations);
    }

    @Test
    void overlaysChangeOnlyWhatAnOverlayMay() {
        List<KubernetesResource> baseObjects = Manifests.objects(base);
        List<String> violations = new ArrayList<>();
        for (String overlay : Manifests.overlays()) {
            violations.addAll(OverlayGuard.check(Manifests.root().resolve("overlays").resolve(overlay), baseObjects));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everySecretTheManifestsNeedIsDocumentedWithItsCreateCommand() throws IOException {
        String readme = Files.readString(Manifests.root().resolve("README.md"));
        // the base's, and those an overlay's patches add (production's serving certificates)
        Set<String> referenced = ManifestRules.referencedSecrets(Manifests.objects(all));
        Set<String> documented = new TreeSet<>(Topology.SECRET_USERS.keySet());
        documented.addAll(Topology.TLS_SECRETS);
        assertEquals(documented, referenced, "Topology's Secrets and the ones the manifests reference differ");
        List<String> missing = new ArrayList<>();
        for (String secret : referenced) {
            Pattern create = Pattern.compile("kubectl[^\\n]*create secret (generic|tls) " + Pattern.quote(secret)
                    + "\\b");
            if (!create.matcher(readme).find()) {
                missing.add(secret);
            }
        }
        assertEquals(List.of(), missing, "k8s/README.md lacks a 'kubectl create secret' command for these");
    }

    @Test
    void theEhrAddressIsConfiguredOnlyForFhirAdapter() {
        for (ConfigMap cm : ManifestRules.of(Manifests.objects(all), ConfigMap.class)) {
            boolean ehr = cm.getData().keySet().stream().anyMatch(k -> k.startsWith(Topology.EHR_CONFIG_PREFIX));
            assertTrue(!ehr || "fhir-adapter-config".equals(ManifestRules.name(cm)),
                    "ConfigMap " + ManifestRules.name(cm) + " carries EHR configuration");
        }
    }
}
