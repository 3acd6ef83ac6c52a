package org.signet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The overlays as {@code kubectl kustomize} renders them (what {@code kubectl apply -k} would send), held to the
 * same invariants as the source, plus what each overlay promises. Skipped where kubectl is not installed.
 */
class RenderedOverlaysTest {

    private static final Map<String, List<KubernetesResource>> RENDERED = new HashMap<>();

    static List<String> overlays() {
        return Manifests.overlays();
    }

    private static synchronized List<KubernetesResource> rendered(String overlay) {
        Path kubectl = Manifests.kubectl().orElse(null);
        assumeTrue(kubectl != null, "kubectl is not on the PATH: rendered overlays not checked");
        return RENDERED.computeIfAbsent(overlay, o -> {
            List<Manifests.Document> docs = Manifests.render(kubectl, o);
            assertEquals(List.of(), ManifestRules.noCommittedSecrets(docs), o + " renders a Secret");
            return Manifests.objects(docs);
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void renderedOverlayHoldsEveryInvariant(String overlay) {
        List<KubernetesResource> objects = rendered(overlay);
        List<String> violations = new ArrayList<>();
        ManifestRules.of(objects, Deployment.class).forEach(d -> violations.addAll(ManifestRules.deployment(d)));
        ManifestRules.of(objects, ConfigMap.class).forEach(cm -> violations.addAll(ManifestRules.configMap(cm)));
        violations.addAll(ManifestRules.wiring(objects));
        violations.addAll(NetworkBoundary.check(objects));
        objects.forEach(o -> violations.addAll(ManifestRules.unknownFields(o)));
        for (KubernetesResource o : objects) {
            HasMetadata h = (HasMetadata) o;
            String n = h.getKind() + " " + ManifestRules.name(h);
            if (!"signet".equals(h.getMetadata().getLabels().get(Topology.PART_OF_LABEL))) {
                violations.add(n + ": not labelled " + Topology.PART_OF_LABEL + "=signet");
            }
            if (o instanceof Namespace) {
                if (!Topology.NAMESPACE.equals(ManifestRules.name(h))) {
                    violations.add(n + ": an unexpected Namespace");
                }
            } else if (!Topology.NAMESPACE.equals(h.getMetadata().getNamespace())) {
                violations.add(n + ": in namespace " + h.getMetadata().getNamespace() + ", not " + Topology.NAMESPACE);
            }
        }
        assertEquals(List.of(), violations, overlay + " renders manifests that break the invariants");
        assertEquals(Topology.SERVICES.size(), ManifestRules.of(objects, Deployment.class).size());
        assertEquals(Topology.SCALED.size(), ManifestRules.of(objects, HorizontalPodAutoscaler.class).size());
        assertEquals(Topology.SERVICES.size(), ManifestRules.of(objects, PodDisruptionBudget.class).size());
    }

    @Test
    void localIsOneSmallReplicaOfTheDevImages() {
        List<KubernetesResource> objects = rendered("local");
        for (String svc : Topology.SERVICES) {
            Deployment d = ManifestRules.byName(objects, Deployment.class).get(svc);
            assertNotNull(d, svc);
            assertEquals(1, d.getSpec().getReplicas(), svc + " replicas");
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("signet/" + svc + ":dev", c.getImage());
            assertEquals("IfNotPresent", c.getImagePullPolicy());
            assertTrue(bytes(c.getResources().getLimits().get("memory")).compareTo(bytes("768Mi")) <= 0,
                    svc + " memory limit is not small");
            if (Topology.SCALED.contains(svc)) {
                HorizontalPodAutoscaler hpa = ManifestRules.byName(objects, HorizontalPodAutoscaler.class).get(svc);
                assertEquals(1, hpa.getSpec().getMinReplicas());
            }
            // one replica: a PDB of minAvailable 1 would block every drain
            PodDisruptionBudget pdb = ManifestRules.byName(objects, PodDisruptionBudget.class).get(svc);
            assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        }
        String ehr = ManifestRules.byName(objects, ConfigMap.class).get("fhir-adapter-config").getData()
                .get("SIGNET_ADAPTER_EHR_BASE_URL");
        assertTrue(ehr.contains("sandbox-ehr"), "local talks to the sandbox EHR, not " + ehr);
    }

    @Test
    void productionEncryptsEveryHop() {
        assertEquals(List.of(), TransportRules.plainText(rendered("production")),
                "production has a plain-text or unverified connection");
    }

    @Test
    void theTransportRulesCatchThePlainTextOfTheLocalOverlay() {
        // local is plain HTTP by design (one node, no CA): every kind of hop must show up as plain text
        List<String> violations = TransportRules.plainText(rendered("local"));
        for (String expected : List.of("SIGNET_PEERS_TOKENIZATION_SERVICE is a plain-text URL",
                "plain HTTP is not disabled", "probe speaks plain HTTP", "Kafka is not reached over TLS",
                "PostgreSQL (reactive) is not TLS", "PostgreSQL (JDBC, Flyway) is not TLS",
                "Keycloak is not reached over HTTPS", "the EHR is not reached over HTTPS",
                "forwards to the pod in plain HTTP")) {
            assertTrue(violations.stream().anyMatch(line -> line.contains(expected)),
                    "the rules miss '" + expected + "' in the local overlay: " + violations);
        }
    }

    @Test
    void productionIsRedundantPinnedAndLarger() {
        List<KubernetesResource> objects = rendered("production");
        List<KubernetesResource> local = rendered("local");
        Deployment audit = ManifestRules.byName(objects, Deployment.class).get(Topology.AUDIT);
        assertEquals(1, audit.getSpec().getReplicas(), "audit-service runs as exactly one pod in production too");
        assertTrue(pinned(audit.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
        for (String svc : Topology.SCALED) {
            Deployment d = ManifestRules.byName(objects, Deployment.class).get(svc);
            assertNotNull(d, svc);
            assertTrue(d.getSpec().getReplicas() >= 2, svc + " has fewer than two replicas");
            HorizontalPodAutoscaler hpa = ManifestRules.byName(objects, HorizontalPodAutoscaler.class).get(svc);
            assertTrue(hpa.getSpec().getMinReplicas() >= 2, svc + " HPA may scale below two");
            PodDisruptionBudget pdb = ManifestRules.byName(objects, PodDisruptionBudget.class).get(svc);
            assertNotNull(pdb.getSpec().getMinAvailable(), svc + " PDB");
            assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal(), svc + " PDB minAvailable");
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(pinned(c.getImage()), svc + " image is not pinned: " + c.getImage());
            assertEquals("DoNotSchedule", d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0)
                    .getWhenUnsatisfiable(), svc + " replicas may share a node");
            Container dev = ManifestRules.byName(local, Deployment.class).get(svc).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            for (String resource : List.of("cpu", "memory")) {
                assertTrue(bytes(c.getResources().getLimits().get(resource))
                        .compareTo(bytes(dev.getResources().getLimits().get(resource))) >= 0,
                        svc + " " + resource + " limit is smaller in production than locally");
            }
            assertTrue(bytes(c.getResources().getLimits().get("memory"))
                    .compareTo(bytes(dev.getResources().getLimits().get("memory"))) > 0,
                    svc + " memory limit is not larger in production");
        }
        Ingress ingress = ManifestRules.byName(objects, Ingress.class).get(Topology.EXPOSED);
        assertFalse(ingress.getSpec().getTls().isEmpty(), "production serves the UI without TLS");
        assertEquals(Set.of(ingress.getSpec().getRules().get(0).getHost()),
                Set.copyOf(ingress.getSpec().getTls().get(0).getHosts()), "the TLS host is not the served host");
    }

    /** Pinned: a digest, or a release tag (not latest, dev or a snapshot). */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash || colon < 0) {
            return false;
        }
        String tag = image.substring(colon + 1).toLowerCase();
        return !tag.isEmpty() && !tag.equals("latest") && !tag.equals("dev") && !tag.contains("snapshot");
    }

    private static BigDecimal bytes(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    private static BigDecimal bytes(String q) {
        return Quantity.getAmountInBytes(new Quantity(q));
    }
}
