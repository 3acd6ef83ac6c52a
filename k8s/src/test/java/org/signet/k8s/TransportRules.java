package org.signet.k8s;

import static org.signet.k8s.Topology.PORTS;
import static org.signet.k8s.Topology.SERVICES;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Encryption in transit, as a rendered overlay configures it: every hop of every service — to its peers, Kafka,
 * PostgreSQL, Keycloak and the EHR — is TLS with the peer verified, each service serves HTTPS only, and the Ingress
 * re-encrypts to it. Answers one line per plain-text (or unverified) setting; none is allowed in production.
 */
final class TransportRules {

    private static final Pattern PLAIN_URL = Pattern.compile("(?i)\\b(http|ws)://");
    private static final Set<String> VERIFIED_PG = Set.of("verify-full", "verify-ca");
    private static final Set<String> TLS_KAFKA = Set.of("SSL", "SASL_SSL");
    private static final Pattern JDBC_VERIFIED = Pattern.compile("[?&]sslmode=verify-(full|ca)(&|$)");

    private TransportRules() {}

    static List<String> plainText(Collection<? extends KubernetesResource> objects) {
        List<String> v = new ArrayList<>();
        Map<String, ConfigMap> configMaps = ManifestRules.byName(objects, ConfigMap.class);
        for (ConfigMap cm : configMaps.values()) {
            if (cm.getData() == null) {
                continue;
            }
            cm.getData().forEach((key, value) -> {
                if (PLAIN_URL.matcher(value).find()) {
                    v.add("ConfigMap " + ManifestRules.name(cm) + ": " + key + " is a plain-text URL (" + value + ")");
                }
            });
        }
        Map<String, Deployment> deployments = ManifestRules.byName(objects, Deployment.class);
        for (String svc : SERVICES) {
            Deployment d = deployments.get(svc);
            if (d == null) {
                v.add(svc + ": no Deployment");
                continue;
            }
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            Map<String, String> env = environment(c, configMaps);
            env.forEach((key, value) -> {
                if (PLAIN_URL.matcher(value).find() && c.getEnv().stream().anyMatch(e -> e.getName().equals(key))) {
                    v.add(svc + ": env " + key + " is a plain-text URL (" + value + ")");
                }
            });
            // served: HTTPS only, on the service's port, with its own certificate from a mounted Secret
            require(v, svc, env, "QUARKUS_HTTP_INSECURE_REQUESTS", "disabled"::equals, "plain HTTP is not disabled");
            require(v, svc, env, "QUARKUS_HTTP_SSL_PORT", String.valueOf(PORTS.get(svc))::equals,
                    "HTTPS is not on port " + PORTS.get(svc));
            List<String> secretPaths = secretMountPaths(pod, c);
            for (String part : List.of("CERT", "KEY")) {
                List<String> files = env.entrySet().stream()
                        .filter(e -> e.getKey().matches("QUARKUS_TLS_KEY_STORE_PEM_[A-Z0-9_]+_" + part))
                        .map(Map.Entry::getValue).toList();
                if (files.isEmpty()) {
                    v.add(svc + ": no serving certificate " + part.toLowerCase(Locale.ROOT)
                            + " (QUARKUS_TLS_KEY_STORE_PEM_<name>_" + part + ")");
                }
                files.stream().filter(f -> secretPaths.stream().noneMatch(f::startsWith)).forEach(f ->
                        v.add(svc + ": its TLS " + part.toLowerCase(Locale.ROOT) + " " + f + " is not in a mounted Secret"));
            }
            for (String kind : List.of("startup", "readiness", "liveness")) {
                Probe probe = switch (kind) {
                    case "startup" -> c.getStartupProbe();
                    case "readiness" -> c.getReadinessProbe();
                    default -> c.getLivenessProbe();
                };
                if (probe != null && probe.getHttpGet() != null && !"HTTPS".equals(probe.getHttpGet().getScheme())) {
                    v.add(svc + ": the " + kind + " probe speaks plain HTTP");
                }
            }
            // called: peers, Keycloak and the EHR over HTTPS against a trusted bundle
            require(v, svc, env, "QUARKUS_TLS_TRUST_STORE_PEM_CERTS", s -> !s.isBlank(), "no trusted CA bundle");
            require(v, svc, env, "JDK_JAVA_OPTIONS", s -> s.contains("-Djavax.net.ssl.trustStore="),
                    "the JDK's own HTTPS clients do not trust the CA bundle");
            require(v, svc, env, "QUARKUS_OIDC_AUTH_SERVER_URL", s -> s.startsWith("https://"),
                    "Keycloak is not reached over HTTPS");
            env.entrySet().stream().filter(e -> e.getKey().startsWith("SIGNET_PEERS_"))
                    .filter(e -> !e.getValue().startsWith("https://"))
                    .forEach(e -> v.add(svc + ": peer " + e.getKey() + " is not HTTPS (" + e.getValue() + ")"));
            if (Topology.FHIR_ADAPTER.equals(svc)) {
                require(v, svc, env, "SIGNET_ADAPTER_EHR_BASE_URL", s -> s.startsWith("https://"),
                        "the EHR is not reached over HTTPS");
            }
            // Kafka: the TLS listener, the broker's name checked
            require(v, svc, env, "KAFKA_SECURITY_PROTOCOL", TLS_KAFKA::contains, "Kafka is not reached over TLS");
            require(v, svc, env, "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "https"::equalsIgnoreCase,
                    "Kafka's broker name is not verified");
            // PostgreSQL: TLS with the server's certificate and name verified, for the app and for Flyway
            require(v, svc, env, "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE", VERIFIED_PG::contains,
                    "PostgreSQL (reactive) is not TLS with a verified server");
            require(v, svc, env, "QUARKUS_DATASOURCE_JDBC_URL", s -> JDBC_VERIFIED.matcher(s).find(),
                    "PostgreSQL (JDBC, Flyway) is not TLS with a verified server");
        }
        for (Ingress ingress : ManifestRules.of(objects, Ingress.class)) {
            if (ingress.getSpec().getTls() == null || ingress.getSpec().getTls().isEmpty()) {
                v.add("Ingress " + ManifestRules.name(ingress) + ": no TLS");
            }
            Map<String, String> annotations = ingress.getMetadata().getAnnotations();
            if (annotations == null || !"HTTPS".equals(annotations.get(OverlayGuard.BACKEND_PROTOCOL))) {
                v.add("Ingress " + ManifestRules.name(ingress) + ": forwards to the pod in plain HTTP");
            }
        }
        return v;
    }

    private static void require(List<String> v, String svc, Map<String, String> env, String key,
            java.util.function.Predicate<String> ok, String what) {
        String value = env.get(key);
        if (value == null || !ok.test(value)) {
            v.add(svc + ": " + what + " (" + key + "=" + value + ")");
        }
    }

    /** The container's environment as the kubelet builds it: ConfigMaps in order, then its own values. */
    private static Map<String, String> environment(Container c, Map<String, ConfigMap> configMaps) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : c.getEnvFrom()) {
            if (source.getConfigMapRef() != null && configMaps.containsKey(source.getConfigMapRef().getName())) {
                ConfigMap cm = configMaps.get(source.getConfigMapRef().getName());
                if (cm.getData() != null) {
                    env.putAll(cm.getData());
                }
            }
        }
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    private static List<String> secretMountPaths(PodSpec pod, Container c) {
        Set<String> secretVolumes = new java.util.HashSet<>();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                secretVolumes.add(volume.getName());
            }
        }
        List<String> paths = new ArrayList<>();
        for (VolumeMount mount : c.getVolumeMounts()) {
            if (secretVolumes.contains(mount.getName())) {
                paths.add(mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/");
            }
        }
        return paths;
    }
}
