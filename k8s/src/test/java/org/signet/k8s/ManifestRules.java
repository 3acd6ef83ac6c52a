package org.signet.k8s;

import static org.signet.k8s.Topology.EHR_CONFIG_PREFIX;
import static org.signet.k8s.Topology.EXPOSED;
import static org.signet.k8s.Topology.NAME_LABEL;
import static org.signet.k8s.Topology.PORTS;
import static org.signet.k8s.Topology.SECRET_USERS;
import static org.signet.k8s.Topology.SERVICES;
import static org.signet.k8s.Topology.TLS_SECRETS;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The invariants of the manifests. Every check returns the violations it found (empty when the manifests hold),
 * so a test asserts an empty list and a negative test can show that a bad manifest is caught.
 */
final class ManifestRules {

    static final String READY_PATH = "/q/health/ready";
    static final String LIVE_PATH = "/q/health/live";

    /** Environment or ConfigMap keys that name a secret (normalized: upper case, non-alphanumerics as _). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIALS?|PRIVATE_KEY|API_KEY|_KEY|_KEYS|PROVIDER_KEYS_.*)");
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("://[^/@\\s:]+:[^/@\\s]+@");
    private static final Pattern KEK_SPEC = Pattern.compile("\\d+\\s*:\\s*[A-Za-z0-9+/]{40,}={0,2}");

    private ManifestRules() {}

    static boolean secretLooking(String name) {
        return SECRET_NAME.matcher(name.toUpperCase().replaceAll("[^A-Z0-9]", "_")).matches();
    }

    // ---------------------------------------------------------------------------------------------- Deployments

    /** A Deployment's pods are probed on the Quarkus health paths, bounded, non-root and locked down. */
    static List<String> deployment(Deployment d) {
        List<String> v = new ArrayList<>();
        String n = "Deployment " + name(d);
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            v.add(n + ": no pod template");
            return v;
        }
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            v.add(n + ": automountServiceAccountToken must be false");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            v.add(n + ": shares a host namespace (hostNetwork/hostPID/hostIPC)");
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getHostPath() != null) {
                v.add(n + ": volume " + volume.getName() + " is a hostPath");
            }
        }
        if (pod.getContainers().isEmpty()) {
            v.add(n + ": no containers");
        }
        PodSecurityContext podSc = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        for (Container c : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
            v.addAll(containerSecurity(n + " container " + c.getName(), c, podSc));
        }
        for (Container c : pod.getContainers()) {
            String cn = n + " container " + c.getName();
            v.addAll(probe(cn, "readinessProbe", c.getReadinessProbe(), READY_PATH, c));
            v.addAll(probe(cn, "livenessProbe", c.getLivenessProbe(), LIVE_PATH, c));
            v.addAll(resources(cn, c.getResources()));
            v.addAll(env(cn, c));
            if (c.getImage() == null || c.getImage().isBlank()) {
                v.add(cn + ": no image");
            } else if (c.getImage().endsWith(":latest")) {
                v.add(cn + ": image " + c.getImage() + " is not pinned (:latest)");
            }
            boolean tmp = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                    .map(VolumeMount::getName)
                    .anyMatch(vol -> pod.getVolumes().stream()
                            .anyMatch(pv -> pv.getName().equals(vol) && pv.getEmptyDir() != null));
            if (!tmp) {
                v.add(cn + ": /tmp is not an emptyDir volume (the root filesystem is read-only)");
            }
        }
        return v;
    }

    private static List<String> containerSecurity(String cn, Container c, PodSecurityContext pod) {
        List<String> v = new ArrayList<>();
        SecurityContext sc = c.getSecurityContext();
        if (sc == null) {
            v.add(cn + ": no securityContext");
            sc = new SecurityContext();
        }
        Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            v.add(cn + ": runAsNonRoot must be true");
        }
        Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
        if (user == null || user <= 0) {
            v.add(cn + ": runAsUser must be set to a non-zero uid (is " + user + ")");
        }
        if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            v.add(cn + ": readOnlyRootFilesystem must be true");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            v.add(cn + ": allowPrivilegeEscalation must be false");
        }
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            v.add(cn + ": privileged");
        }
        if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
            v.add(cn + ": capabilities must drop ALL");
        } else if (!sc.getCapabilities().getAdd().isEmpty()) {
            v.add(cn + ": adds capabilities " + sc.getCapabilities().getAdd());
        }
        SeccompProfile seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            v.add(cn + ": seccompProfile must be RuntimeDefault");
        }
        return v;
    }

    private static List<String> probe(String cn, String kind, Probe probe, String path, Container c) {
        if (probe == null) {
            return List.of(cn + ": no " + kind);
        }
        if (probe.getHttpGet() == null) {
            return List.of(cn + ": " + kind + " is not an HTTP GET on " + path);
        }
        List<String> v = new ArrayList<>();
        if (!path.equals(probe.getHttpGet().getPath())) {
            v.add(cn + ": " + kind + " checks " + probe.getHttpGet().getPath() + ", not " + path);
        }
        if (!declaresPort(c, probe.getHttpGet().getPort())) {
            v.add(cn + ": " + kind + " port " + portText(probe.getHttpGet().getPort()) + " is not a container port");
        }
        return v;
    }

    private static boolean declaresPort(Container c, IntOrString port) {
        if (port == null) {
            return false;
        }
        for (ContainerPort p : c.getPorts()) {
            if (port.getStrVal() != null ? port.getStrVal().equals(p.getName())
                    : Objects.equals(port.getIntVal(), p.getContainerPort())) {
                return true;
            }
        }
        return false;
    }

    private static String portText(IntOrString port) {
        return port == null ? "(none)" : port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    private static List<String> resources(String cn, ResourceRequirements r) {
        List<String> v = new ArrayList<>();
        Map<String, Quantity> requests = r == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null ? Map.of() : r.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request == null) {
                v.add(cn + ": no " + resource + " request");
            }
            if (limit == null) {
                v.add(cn + ": no " + resource + " limit");
            }
            if (request != null && limit != null
                    && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                v.add(cn + ": " + resource + " request " + request + " exceeds its limit " + limit);
            }
        }
        return v;
    }

    /** Configuration comes from ConfigMaps and secrets from Secrets: no literal values in a Deployment. */
    private static List<String> env(String cn, Container c) {
        List<String> v = new ArrayList<>();
        for (EnvVar e : c.getEnv()) {
            String en = cn + " env " + e.getName();
            if (e.getValue() != null) {
                v.add(en + ": literal value in the Deployment (configuration belongs in a ConfigMap, secrets in a "
                        + "Secret)");
                continue;
            }
            if (e.getValueFrom() == null) {
                v.add(en + ": neither value nor valueFrom");
                continue;
            }
            var ref = e.getValueFrom().getSecretKeyRef();
            if (secretLooking(e.getName()) && ref == null) {
                v.add(en + ": a secret must come from a secretKeyRef");
            }
            if (ref != null && (isBlank(ref.getName()) || isBlank(ref.getKey()))) {
                v.add(en + ": secretKeyRef without Secret name or key");
            }
        }
        for (EnvFromSource source : c.getEnvFrom()) {
            if (source.getConfigMapRef() == null && source.getSecretRef() == null) {
                v.add(cn + ": envFrom neither configMapRef nor secretRef");
            }
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------- Secrets

    /** No Secret is committed: no Secret objects, no secretGenerator, no Secret-like data anywhere. */
    static List<String> noCommittedSecrets(Collection<Manifests.Document> documents) {
        List<String> v = new ArrayList<>();
        for (Manifests.Document doc : documents) {
            if (doc.raw() instanceof Map<?, ?> raw) {
                if ("Secret".equals(raw.get("kind"))) {
                    boolean data = nonEmpty(raw.get("data")) || nonEmpty(raw.get("stringData"));
                    v.add(doc.where() + ": a Secret" + (data ? " with data" : "")
                            + " is committed; create it with kubectl (k8s/README.md)");
                }
                if (raw.containsKey("secretGenerator")) {
                    v.add(doc.where() + ": a secretGenerator would commit secret material");
                }
            }
        }
        return v;
    }

    private static boolean nonEmpty(Object value) {
        return value instanceof Map<?, ?> m ? !m.isEmpty() : value != null;
    }

    // ---------------------------------------------------------------------------------------------- ConfigMaps

    /** ConfigMaps hold no secrets: no secret-named keys, no credentials in URLs, no keys or key material. */
    static List<String> configMap(ConfigMap cm) {
        List<String> v = new ArrayList<>();
        String n = "ConfigMap " + name(cm);
        cm.getData().forEach((key, value) -> {
            // a key named like a secret may hold the path of a file a Secret is mounted as (a TLS key), not the secret
            if (secretLooking(key) && (value == null || !value.matches("/[A-Za-z0-9._/-]+"))) {
                v.add(n + ": key " + key + " names a secret; reference a Secret instead");
            }
            String text = value == null ? "" : value;
            if (CREDENTIALS_IN_URL.matcher(text).find()) {
                v.add(n + ": " + key + " has credentials in a URL");
            }
            if (text.contains("-----BEGIN") || KEK_SPEC.matcher(text).find()) {
                v.add(n + ": " + key + " holds key material");
            }
        });
        if (!cm.getBinaryData().isEmpty()) {
            v.add(n + ": binaryData (keys and key stores belong in Secrets)");
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------- wiring

    /**
     * Each service is complete and wired: Deployment, ServiceAccount, Service, its ConfigMap, HPA (autoscaling/v2)
     * and PDB (policy/v1), all pointing at one another; every Secret it references is one it may use; only
     * fhir-adapter is told where the EHR is; only the exposed service has an Ingress.
     */
    /** An HPA (autoscaling/v2) with sane bounds and a metric scales the service. */
    private static List<String> scaled(String svc, List<HorizontalPodAutoscaler> hpas) {
        List<String> v = new ArrayList<>();
        List<HorizontalPodAutoscaler> hpa = hpas.stream().filter(h -> targets(h, svc)).toList();
        if (hpa.size() != 1) {
            v.add(svc + ": " + hpa.size() + " HorizontalPodAutoscalers (autoscaling/v2) target it, want 1");
        } else {
            var spec = hpa.get(0).getSpec();
            int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
            if (min < 1 || spec.getMaxReplicas() == null || spec.getMaxReplicas() < min) {
                v.add(svc + ": HPA replica bounds " + min + ".." + spec.getMaxReplicas());
            }
            if (spec.getMetrics().isEmpty()) {
                v.add(svc + ": HPA has no metrics");
            }
            if (!"apps/v1".equals(spec.getScaleTargetRef().getApiVersion())) {
                v.add(svc + ": HPA target apiVersion is not apps/v1");
            }
        }
        return v;
    }

    /** Exactly one pod, never two at once (Recreate), and no HPA to make it two. */
    private static List<String> singleInstance(String svc, Deployment d, List<HorizontalPodAutoscaler> hpas) {
        List<String> v = new ArrayList<>();
        if (!Integer.valueOf(1).equals(d.getSpec().getReplicas())) {
            v.add(svc + ": runs as one pod, but replicas is " + d.getSpec().getReplicas());
        }
        if (d.getSpec().getStrategy() == null || !"Recreate".equals(d.getSpec().getStrategy().getType())) {
            v.add(svc + ": runs as one pod, so its Deployment must replace it (strategy Recreate), never roll");
        }
        if (hpas.stream().anyMatch(h -> targets(h, svc))) {
            v.add(svc + ": runs as one pod, but an HPA targets it");
        }
        return v;
    }

    private static boolean targets(HorizontalPodAutoscaler h, String svc) {
        return h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
                && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                && svc.equals(h.getSpec().getScaleTargetRef().getName());
    }

    static List<String> wiring(Collection<? extends KubernetesResource> objects) {
        List<String> v = new ArrayList<>();
        Map<String, ConfigMap> configMaps = byName(objects, ConfigMap.class);
        Map<String, Deployment> deployments = byName(objects, Deployment.class);
        Map<String, Service> services = byName(objects, Service.class);
        Map<String, ServiceAccount> accounts = byName(objects, ServiceAccount.class);
        List<HorizontalPodAutoscaler> hpas = of(objects, HorizontalPodAutoscaler.class);
        List<PodDisruptionBudget> pdbs = of(objects, PodDisruptionBudget.class);

        for (KubernetesResource o : objects) {
            if (o instanceof HasMetadata h && h.getKind() != null) {
                if (h.getKind().equals("HorizontalPodAutoscaler") && !(o instanceof HorizontalPodAutoscaler)) {
                    v.add("HorizontalPodAutoscaler " + name(h) + ": not autoscaling/v2 (" + h.getApiVersion() + ")");
                }
                if (h.getKind().equals("PodDisruptionBudget") && !(o instanceof PodDisruptionBudget)) {
                    v.add("PodDisruptionBudget " + name(h) + ": not policy/v1 (" + h.getApiVersion() + ")");
                }
            }
        }
        for (String svc : SERVICES) {
            Deployment d = deployments.get(svc);
            if (d == null) {
                v.add(svc + ": no Deployment");
                continue;
            }
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            if (!svc.equals(podLabels.get(NAME_LABEL))) {
                v.add(svc + ": pods are not labelled " + NAME_LABEL + "=" + svc);
            }
            if (d.getSpec().getSelector() == null
                    || !NetworkBoundary.matches(d.getSpec().getSelector(), podLabels)) {
                v.add(svc + ": the Deployment's selector does not select its own pods");
            }
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container main = pod.getContainers().isEmpty() ? new Container() : pod.getContainers().get(0);
            boolean port = main.getPorts().stream()
                    .anyMatch(p -> "http".equals(p.getName()) && PORTS.get(svc).equals(p.getContainerPort()));
            if (!port) {
                v.add(svc + ": the container has no port http=" + PORTS.get(svc));
            }
            // ServiceAccount
            ServiceAccount account = accounts.get(pod.getServiceAccountName());
            if (!svc.equals(pod.getServiceAccountName()) || account == null) {
                v.add(svc + ": does not run as its own ServiceAccount " + svc);
            } else if (!Boolean.FALSE.equals(account.getAutomountServiceAccountToken())) {
                v.add(svc + ": ServiceAccount must set automountServiceAccountToken: false");
            }
            // Service
            Service service = services.get(svc);
            if (service == null) {
                v.add(svc + ": no Service");
            } else {
                if (service.getSpec().getType() != null && !"ClusterIP".equals(service.getSpec().getType())) {
                    v.add(svc + ": Service type " + service.getSpec().getType() + " (only ClusterIP; the UI goes "
                            + "through the Ingress)");
                }
                Map<String, String> selector = service.getSpec().getSelector();
                if (selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
                    v.add(svc + ": the Service does not select the Deployment's pods");
                }
                boolean servicePort = service.getSpec().getPorts().stream().anyMatch(p -> PORTS.get(svc)
                        .equals(p.getPort()) && targetsHttp(p, main));
                if (!servicePort) {
                    v.add(svc + ": the Service does not expose port " + PORTS.get(svc) + " → container port http");
                }
            }
            // ConfigMaps
            Map<String, String> config = new LinkedHashMap<>();
            boolean ownConfig = false;
            for (EnvFromSource source : main.getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    String cmName = source.getConfigMapRef().getName();
                    ownConfig |= (svc + "-config").equals(cmName);
                    ConfigMap cm = configMaps.get(cmName);
                    if (cm == null) {
                        if (!Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
                            v.add(svc + ": references ConfigMap " + cmName + ", which does not exist");
                        }
                    } else {
                        config.putAll(cm.getData());
                    }
                }
            }
            if (!ownConfig) {
                v.add(svc + ": does not load its ConfigMap " + svc + "-config");
            }
            String javaOptions = config.getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (!javaOptions.contains("-XX:MaxRAMPercentage=")) {
                v.add(svc + ": JAVA_TOOL_OPTIONS does not size the heap with -XX:MaxRAMPercentage");
            }
            Set<String> names = new TreeSet<>(config.keySet());
            main.getEnv().forEach(e -> names.add(e.getName()));
            boolean ehrConfig = names.stream().anyMatch(k -> k.startsWith(EHR_CONFIG_PREFIX));
            if (ehrConfig && !Topology.FHIR_ADAPTER.equals(svc)) {
                v.add(svc + ": is given the EHR's configuration (" + EHR_CONFIG_PREFIX + "*); only fhir-adapter may");
            }
            // Secrets
            v.addAll(secretReferences(svc, pod));
            if (Topology.SINGLE_INSTANCE.contains(svc)) {
                v.addAll(singleInstance(svc, d, hpas));
            } else {
                v.addAll(scaled(svc, hpas));
            }
            // PDB
            List<PodDisruptionBudget> pdb = pdbs.stream().filter(p -> p.getSpec() != null
                    && p.getSpec().getSelector() != null
                    && NetworkBoundary.matches(p.getSpec().getSelector(), podLabels)).toList();
            if (pdb.size() != 1) {
                v.add(svc + ": " + pdb.size() + " PodDisruptionBudgets (policy/v1) select its pods, want 1");
            } else if ((pdb.get(0).getSpec().getMinAvailable() == null)
                    == (pdb.get(0).getSpec().getMaxUnavailable() == null)) {
                v.add(svc + ": the PDB must set exactly one of minAvailable and maxUnavailable");
            }
        }
        for (Ingress ingress : of(objects, Ingress.class)) {
            for (IngressTLS tls : ingress.getSpec().getTls()) {
                if (!TLS_SECRETS.contains(tls.getSecretName())) {
                    v.add("Ingress " + name(ingress) + ": TLS Secret " + tls.getSecretName() + " is not documented");
                }
            }
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                String backend = path.getBackend().getService() == null ? null
                        : path.getBackend().getService().getName();
                if (!EXPOSED.equals(backend)) {
                    v.add("Ingress " + name(ingress) + ": exposes " + backend + "; only " + EXPOSED + " may be exposed");
                }
            }));
        }
        return v;
    }

    private static boolean targetsHttp(ServicePort p, Container c) {
        IntOrString target = p.getTargetPort();
        if (target == null) {
            return c.getPorts().stream().anyMatch(cp -> "http".equals(cp.getName())
                    && Objects.equals(cp.getContainerPort(), p.getPort()));
        }
        return target.getStrVal() != null ? "http".equals(target.getStrVal())
                : c.getPorts().stream().anyMatch(cp -> "http".equals(cp.getName())
                        && Objects.equals(cp.getContainerPort(), target.getIntVal()));
    }

    /** Every Secret a pod references is one of the documented ones, and one this service may use. */
    static List<String> secretReferences(String svc, PodSpec pod) {
        List<String> v = new ArrayList<>();
        Map<String, List<String>> used = new HashMap<>(); // Secret → keys (env) or "*" (whole Secret)
        for (Container c : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    used.computeIfAbsent(e.getValueFrom().getSecretKeyRef().getName(), k -> new ArrayList<>())
                            .add(e.getValueFrom().getSecretKeyRef().getKey());
                }
            }
            for (EnvFromSource source : c.getEnvFrom()) {
                if (source.getSecretRef() != null) {
                    used.computeIfAbsent(source.getSecretRef().getName(), k -> new ArrayList<>()).add("*");
                }
            }
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                used.computeIfAbsent(volume.getSecret().getSecretName(), k -> new ArrayList<>()).add("*");
            }
            if (volume.getProjected() != null) {
                volume.getProjected().getSources().stream().filter(s -> s.getSecret() != null).forEach(s ->
                        used.computeIfAbsent(s.getSecret().getName(), k -> new ArrayList<>()).add("*"));
            }
        }
        used.forEach((secret, keys) -> {
            Set<String> users = SECRET_USERS.get(secret);
            if (users == null) {
                v.add(svc + ": references Secret " + secret + ", which is not documented in Topology/README");
            } else if (!users.contains(svc)) {
                v.add(svc + ": references Secret " + secret + ", which belongs to " + users);
            }
            if ("signet-postgres".equals(secret)) {
                keys.stream().filter(k -> !k.startsWith(svc + "-")).forEach(k ->
                        v.add(svc + ": uses another service's database credentials (signet-postgres/" + k + ")"));
            }
        });
        return v;
    }

    /** Names of all Secrets the objects reference (pods, Ingress TLS). */
    static Set<String> referencedSecrets(Collection<? extends KubernetesResource> objects) {
        Set<String> names = new TreeSet<>();
        for (Deployment d : of(objects, Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            for (Container c : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                    .toList()) {
                c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> names.add(e.getValueFrom().getSecretKeyRef().getName()));
                c.getEnvFrom().stream().filter(s -> s.getSecretRef() != null)
                        .forEach(s -> names.add(s.getSecretRef().getName()));
            }
            pod.getVolumes().stream().filter(vol -> vol.getSecret() != null)
                    .forEach(vol -> names.add(vol.getSecret().getSecretName()));
        }
        for (Ingress ingress : of(objects, Ingress.class)) {
            ingress.getSpec().getTls().forEach(tls -> names.add(tls.getSecretName()));
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------- typos

    /**
     * Fields fabric8 did not recognize (they land in additionalProperties): a misspelt field such as
     * {@code readOnlyRootFileSystem} would otherwise be silently ignored by the API server's strict decoding
     * only in some modes.
     */
    static List<String> unknownFields(KubernetesResource object) {
        List<String> v = new ArrayList<>();
        if (object instanceof GenericKubernetesResource) {
            return v;
        }
        String n = object instanceof HasMetadata h ? h.getKind() + " " + name(h) : object.getClass().getSimpleName();
        walk(object, n, v, 0);
        return v;
    }

    private static void walk(Object o, String path, List<String> v, int depth) {
        if (o == null || depth > 40) {
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", v, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, value) -> walk(value, path + "." + k, v, depth + 1));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class || !m.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    v.add(path + ": unknown field(s) " + new TreeSet<>(extra.keySet().stream().map(String::valueOf)
                            .toList()));
                }
            } else if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                walk(value, path + "." + field, v, depth + 1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static String name(HasMetadata o) {
        return o.getMetadata() == null ? "(unnamed)" : o.getMetadata().getName();
    }

    static <T extends HasMetadata> List<T> of(Collection<? extends KubernetesResource> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> Map<String, T> byName(Collection<? extends KubernetesResource> objects,
            Class<T> type) {
        Map<String, T> map = new LinkedHashMap<>();
        of(objects, type).forEach(o -> map.put(name(o), o));
        return map;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
