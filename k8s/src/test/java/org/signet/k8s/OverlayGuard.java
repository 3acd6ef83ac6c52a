package org.signet.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an overlay may change, checked on the source without rendering it: sizes, replicas, images, host names and
 * the external peers of the PHI boundary, never the hardening or who may reach what inside the namespace. The
 * rendered overlays are checked in full by {@link RenderedOverlaysTest} wherever kubectl exists.
 */
final class OverlayGuard {

    private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "resources", "images",
            "patches", "namespace", "labels");
    private static final Set<String> JSON_PATCH_KINDS = Set.of("Deployment", "HorizontalPodAutoscaler",
            "PodDisruptionBudget", "Ingress");
    /** JSON-pointer fragments an overlay's JSON 6902 patch must never touch. */
    private static final Pattern PROTECTED = Pattern.compile("(?i).*(securityContext|automountServiceAccountToken"
            + "|Probe|/volumes|volumeMounts|serviceAccountName|/env|hostNetwork|hostPID|hostIPC|/ingress(/|$)"
            + "|/egress|podSelector|policyTypes|/metadata/annotations|/metadata/labels|/selector|/template/metadata"
            + "|/containers/[0-9]+/(command|args|ports)|/initContainers|/containers/-).*");

    static final String BACKEND_PROTOCOL = "nginx.ingress.kubernetes.io/backend-protocol";

    private OverlayGuard() {}

    static List<String> check(Path overlay, List<? extends KubernetesResource> base) {
        List<String> v = new ArrayList<>();
        Path file = overlay.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            return List.of(overlay + ": no kustomization.yaml");
        }
        Map<String, Object> k = Manifests.yaml(read(file), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        for (String key : k.keySet()) {
            if (!KUSTOMIZATION_KEYS.contains(key)) {
                v.add(file + ": '" + key + "' is not one of the fields an overlay may use " + KUSTOMIZATION_KEYS);
            }
        }
        if (k.containsKey("namespace") && !Topology.NAMESPACE.equals(k.get("namespace"))) {
            v.add(file + ": moves the services out of namespace " + Topology.NAMESPACE);
        }
        if (!(k.get("resources") instanceof List<?> resources) || !resources.contains("../../base")) {
            v.add(file + ": does not build on ../../base");
        } else if (resources.size() != 1) {
            v.add(file + ": adds resources besides ../../base " + resources);
        }
        if (k.get("patches") instanceof List<?> patches) {
            for (Object entry : patches) {
                v.addAll(patch(overlay, file, entry, base));
            }
        }
        return v;
    }

    private static List<String> patch(Path overlay, Path file, Object entry, List<? extends KubernetesResource> base) {
        List<String> v = new ArrayList<>();
        if (!(entry instanceof Map<?, ?> p)) {
            return List.of(file + ": a patch entry is not a mapping");
        }
        String where;
        String text;
        if (p.get("path") instanceof String path) {
            where = overlay.resolve(path).toString();
            text = read(overlay.resolve(path));
        } else if (p.get("patch") instanceof String inline) {
            where = file + " (inline patch)";
            text = inline;
        } else {
            return List.of(file + ": a patch entry has neither path nor patch");
        }
        String targetKind = p.get("target") instanceof Map<?, ?> t && t.get("kind") instanceof String kind ? kind
                : null;
        List<Manifests.Document> docs;
        try {
            docs = Manifests.parse(Path.of(where), text);
        } catch (IOException e) {
            return List.of(where + ": not YAML: " + e.getMessage());
        }
        for (Manifests.Document doc : docs) {
            if (doc.raw() instanceof List<?> ops) {
                if (targetKind == null || !JSON_PATCH_KINDS.contains(targetKind)) {
                    v.add(where + ": a JSON 6902 patch may target only " + JSON_PATCH_KINDS + " (targets "
                            + targetKind + ")");
                }
                for (Object op : ops) {
                    String path = op instanceof Map<?, ?> m ? String.valueOf(m.get("path")) : String.valueOf(op);
                    if ("Ingress".equals(targetKind) && op instanceof Map<?, ?> m && reencrypts(m)) {
                        continue;
                    }
                    if (PROTECTED.matcher(path).matches()) {
                        v.add(where + ": patches " + path + ", which an overlay must not change");
                    }
                }
            } else if (doc.object() instanceof ConfigMap cm) {
                v.addAll(ManifestRules.configMap(cm).stream().map(s -> where + ": " + s).toList());
            } else if (doc.object() instanceof NetworkPolicy np) {
                v.addAll(networkPolicyPatch(where, np, doc.raw(), base));
            } else if (doc.object() instanceof Deployment d) {
                v.addAll(transportPatch(where, ManifestRules.name(d), doc.raw()));
            } else {
                v.add(where + ": a strategic-merge patch may change only ConfigMaps and the external peers of "
                        + "NetworkPolicies");
            }
        }
        return v;
    }

    /** A NetworkPolicy patch replaces only the egress list of a policy for an external destination. */
    private static List<String> networkPolicyPatch(String where, NetworkPolicy np, Object raw,
            List<? extends KubernetesResource> base) {
        List<String> v = new ArrayList<>();
        Map<?, ?> map = (Map<?, ?>) raw;
        if (!(map.get("spec") instanceof Map<?, ?> spec) || !Set.of("egress").containsAll(spec.keySet())) {
            v.add(where + ": NetworkPolicy " + ManifestRules.name(np) + " patch changes more than spec.egress");
        }
        if (map.get("metadata") instanceof Map<?, ?> meta && !Set.of("name").containsAll(meta.keySet())) {
            v.add(where + ": NetworkPolicy " + ManifestRules.name(np) + " patch changes metadata besides the name");
        }
        NetworkPolicy target = ManifestRules.byName(base, NetworkPolicy.class).get(ManifestRules.name(np));
        String destination = target == null || target.getMetadata().getAnnotations() == null ? null
                : target.getMetadata().getAnnotations().get(Topology.EGRESS_TO);
        if (destination == null || !Topology.EXTERNAL_CLASSES.contains(destination)) {
            v.add(where + ": patches NetworkPolicy " + ManifestRules.name(np) + ", which is not an external "
                    + "destination of the base " + Topology.EXTERNAL_CLASSES);
        }
        return v;
    }

    /** The one annotation an overlay may add to the Ingress: re-encrypt to the pod, which serves HTTPS. */
    private static boolean reencrypts(Map<?, ?> op) {
        return "add".equals(op.get("op")) && "/metadata/annotations".equals(op.get("path"))
                && Map.of(BACKEND_PROTOCOL, "HTTPS").equals(op.get("value"));
    }

    /**
     * A Deployment patch may only add transport encryption: the service's own certificate Secret and the CA bundle,
     * mounted read-only where the TLS settings read them, and HTTPS as its probes' scheme. Nothing else of the pod.
     */
    private static List<String> transportPatch(String where, String name, Object raw) {
        List<String> v = new ArrayList<>();
        String what = where + ": Deployment " + name + " patch";
        Map<?, ?> map = (Map<?, ?>) raw;
        if (map.get("metadata") instanceof Map<?, ?> meta && !Set.of("name").containsAll(meta.keySet())) {
            v.add(what + " changes metadata besides the name");
        }
        Object podSpec = map.get("spec") instanceof Map<?, ?> spec && Set.of("template").containsAll(spec.keySet())
                && spec.get("template") instanceof Map<?, ?> template && Set.of("spec").containsAll(template.keySet())
                ? template.get("spec") : null;
        if (!(podSpec instanceof Map<?, ?> pod) || !Set.of("containers", "volumes").containsAll(pod.keySet())) {
            return List.of(what + " may change only the pod's containers and volumes (transport encryption)");
        }
        Map<String, Object> allowedVolumes = Map.of(
                "internal-tls", Map.of("secret", Map.of("secretName", name + "-internal-tls")),
                "internal-ca", Map.of("configMap", Map.of("name", "signet-internal-ca")));
        for (Object volume : pod.get("volumes") instanceof List<?> list ? list : List.of()) {
            Map<?, ?> vol = volume instanceof Map<?, ?> m ? m : Map.of();
            Map<Object, Object> rest = new java.util.LinkedHashMap<>(vol);
            Object volumeName = rest.remove("name");
            if (!allowedVolumes.containsKey(String.valueOf(volumeName))
                    || !allowedVolumes.get(String.valueOf(volumeName)).equals(rest)) {
                v.add(what + " adds volume " + volumeName + " other than its own certificate and the CA bundle");
            }
        }
        Map<String, String> allowedMounts = Map.of("internal-tls", "/etc/signet/tls", "internal-ca", "/etc/signet/ca");
        Map<String, Object> httpsProbe = Map.of("httpGet", Map.of("scheme", "HTTPS"));
        for (Object container : pod.get("containers") instanceof List<?> list ? list : List.of()) {
            Map<?, ?> c = container instanceof Map<?, ?> m ? m : Map.of();
            for (Map.Entry<?, ?> field : c.entrySet()) {
                String key = String.valueOf(field.getKey());
                if (key.equals("name")) {
                    continue;
                }
                if (Set.of("startupProbe", "readinessProbe", "livenessProbe").contains(key)) {
                    if (!httpsProbe.equals(field.getValue())) {
                        v.add(what + " changes its " + key + " beyond its scheme (HTTPS)");
                    }
                } else if (key.equals("volumeMounts") && field.getValue() instanceof List<?> mounts) {
                    for (Object mount : mounts) {
                        Map<?, ?> mo = mount instanceof Map<?, ?> m ? m : Map.of();
                        if (!Boolean.TRUE.equals(mo.get("readOnly")) || mo.size() != 3
                                || !Objects.equals(allowedMounts.get(String.valueOf(mo.get("name"))), mo.get("mountPath"))) {
                            v.add(what + " mounts " + mo.get("name") + " other than read-only where TLS reads it");
                        }
                    }
                } else {
                    v.add(what + " changes the container's " + key + ", which an overlay must not change");
                }
            }
        }
        return v;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
