package org.signet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The rules can fail: deliberately bad manifests, and the real base with one thing broken at a time, are caught
 * with the violation one would expect.
 */
class RulesCatchViolationsTest {

    /** Everything wrong that a Deployment can be wrong in, at once. */
    private static final String BAD_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: careless
            spec:
              selector:
                matchLabels: {app.kubernetes.io/name: careless}
              template:
                metadata:
                  labels: {app.kubernetes.io/name: careless}
                spec:
                  hostNetwork: true
                  securityContext:
                    runAsUser: 0
                  containers:
                    - name: careless
                      image: signet/careless:latest
                      ports: [{name: http, containerPort: 8080}]
                      env:
                        - name: QUARKUS_DATASOURCE_PASSWORD
                          value: postgres
                        - name: QUARKUS_OIDC_CREDENTIALS_SECRET
                          valueFrom:
                            configMapKeyRef: {name: careless-config, key: secret}
                      readinessProbe:
                        tcpSocket: {port: http}
                      livenessProbe:
                        httpGet: {path: /health, port: 9999}
                      resources:
                        requests: {cpu: "2", memory: 64Mi}
                        limits: {cpu: "1"}
                      securityContext:
                        readOnlyRootFilesystem: false
                        allowPrivilegeEscalation: true
                        privileged: true
                        capabilities:
                          add: [NET_ADMIN]
                  volumes:
                    - name: host
                      hostPath: {path: /var/run}
            """;

    @Test
    void aCarelessDeploymentFailsEveryRule() throws IOException {
        Deployment d = (Deployment) Manifests.parse(Path.of("bad.yaml"), BAD_DEPLOYMENT).get(0).object();
        List<String> v = ManifestRules.deployment(d);
        expect(v, "automountServiceAccountToken must be false");
        expect(v, "shares a host namespace");
        expect(v, "is a hostPath");
        expect(v, "runAsNonRoot must be true");
        expect(v, "runAsUser must be set to a non-zero uid");
        expect(v, "readOnlyRootFilesystem must be true");
        expect(v, "allowPrivilegeEscalation must be false");
        expect(v, ": privileged");
        expect(v, "capabilities must drop ALL");
        expect(v, "seccompProfile must be RuntimeDefault");
        expect(v, "readinessProbe is not an HTTP GET on /q/health/ready");
        expect(v, "livenessProbe checks /health, not /q/health/live");
        expect(v, "livenessProbe port 9999 is not a container port");
        expect(v, "cpu request 2 exceeds its limit 1");
        expect(v, "no memory limit");
        expect(v, "env QUARKUS_DATASOURCE_PASSWORD: literal value");
        expect(v, "env QUARKUS_OIDC_CREDENTIALS_SECRET: a secret must come from a secretKeyRef");
        expect(v, "is not pinned (:latest)");
        expect(v, "/tmp is not an emptyDir volume");
    }

    @Test
    void aMisspeltFieldIsReported() throws IOException {
        String yaml = BAD_DEPLOYMENT.replace("readOnlyRootFilesystem: false", "readOnlyRootFileSystem: true");
        Deployment d = (Deployment) Manifests.parse(Path.of("typo.yaml"), yaml).get(0).object();
        expect(ManifestRules.unknownFields(d), "unknown field(s) [readOnlyRootFileSystem]");
        expect(ManifestRules.deployment(d), "readOnlyRootFilesystem must be true");
    }

    @Test
    void aCommittedSecretIsReported() throws IOException {
        var docs = Manifests.parse(Path.of("secret.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: tokenization-kek}
                stringData:
                  keys: "1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
                ---
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                secretGenerator:
                  - name: signet-postgres
                    literals: [password=postgres]
                """);
        List<String> v = ManifestRules.noCommittedSecrets(docs);
        expect(v, "a Secret with data is committed");
        expect(v, "a secretGenerator would commit secret material");
    }

    @Test
    void aConfigMapWithSecretsIsReported() {
        ConfigMap cm = new ConfigMap();
        cm.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("leaky").build());
        cm.setData(new java.util.LinkedHashMap<>(java.util.Map.of(
                "SIGNET_TOKENIZATION_KEK_KEYS", "x",
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://signet:hunter2@db:5432/signet",
                "KEYS", "1:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB")));
        List<String> v = ManifestRules.configMap(cm);
        expect(v, "key SIGNET_TOKENIZATION_KEK_KEYS names a secret");
        expect(v, "has credentials in a URL");
        expect(v, "holds key material");
    }

    // ------------------------------------------------------------------------------ the real base, broken

    private static List<KubernetesResource> base() {
        return new ArrayList<>(Manifests.objects(Manifests.loadTree(Manifests.root().resolve("base"))));
    }

    private static NetworkPolicy policy(List<KubernetesResource> objects, String name) {
        return ManifestRules.byName(objects, NetworkPolicy.class).get(name);
    }

    @Test
    void theUntouchedBaseHasNoViolations() {
        // the baseline for the mutations below: each finds something only because of its one change
        assertEquals(List.of(), NetworkBoundary.check(base()));
        assertEquals(List.of(), ManifestRules.wiring(base()));
    }

    @Test
    void tokenizationAllowedToTheEhrIsCaught() {
        List<KubernetesResource> objects = base();
        policy(objects, "allow-egress-ehr").getSpec().setPodSelector(new LabelSelectorBuilder()
                .addNewMatchExpression().withKey(Topology.NAME_LABEL).withOperator("In")
                .withValues(Topology.FHIR_ADAPTER, Topology.TOKENIZATION).endMatchExpression().build());
        List<String> v = NetworkBoundary.check(objects);
        expect(v, "tokenization-service: may egress to ehr, which it must not");
        expect(v, "NetworkPolicy allow-egress-ehr: lets [fhir-adapter, tokenization-service] reach ehr");
    }

    @Test
    void anEhrAddressSmuggledIntoAnotherPolicyIsCaught() {
        List<KubernetesResource> objects = base();
        String ehrCidr = policy(objects, "allow-egress-ehr").getSpec().getEgress().get(0).getTo().get(0)
                .getIpBlock().getCidr();
        String host = ehrCidr.substring(0, ehrCidr.indexOf('/')).replaceAll("\\.0$", ".5") + "/32";
        policy(objects, "allow-egress-postgres").getSpec().getEgress().get(0).getTo()
                .add(new NetworkPolicyPeerBuilder().withIpBlock(new IPBlock(host, List.of())).build());
        expect(NetworkBoundary.check(objects), "NetworkPolicy allow-egress-postgres (postgres, for "
                + "[audit-service, fhir-adapter, scribe-service, signoff-service, tokenization-service]): ipBlock " + host
                + " overlaps the ehr peer");
    }

    @Test
    void aModelServerReachableByAnotherServiceIsCaught() {
        List<KubernetesResource> objects = base();
        NetworkPolicyPeer modelServer = policy(objects, "allow-egress-model-endpoints").getSpec().getEgress().get(1)
                .getTo().get(0);
        policy(objects, "allow-egress-kafka").getSpec().getEgress().get(0).getTo().add(modelServer);
        expect(NetworkBoundary.check(objects), "overlaps the model-endpoints peer");
    }

    @Test
    void aMissingDefaultDenyIsCaught() {
        List<KubernetesResource> objects = base();
        objects.remove(policy(objects, "default-deny-all"));
        expect(NetworkBoundary.check(objects), "no default-deny policy");
    }

    @Test
    void anOpenEgressRuleIsCaught() {
        List<KubernetesResource> objects = base();
        NetworkPolicy kafka = policy(objects, "allow-egress-kafka");
        kafka.getSpec().getEgress().add(new NetworkPolicyEgressRule(List.of(), List.of()));
        List<String> v = NetworkBoundary.check(objects);
        expect(v, "allow-egress-kafka: an egress rule without 'to' allows every destination");
        expect(v, "allow-egress-kafka: an egress rule without ports allows every port");
    }

    @Test
    void theWholeInternetIsCaught() {
        List<KubernetesResource> objects = base();
        policy(objects, "allow-egress-model-endpoints").getSpec().getEgress().get(0).getTo().get(0).getIpBlock()
                .setCidr("0.0.0.0/0");
        List<String> v = NetworkBoundary.check(objects);
        expect(v, "ipBlock 0.0.0.0/0 is the whole internet");
        expect(v, "overlaps the model-endpoints peer"); // 0.0.0.0/0 also covers the EHR and PostgreSQL
    }

    @Test
    void anUnexpectedCallerIsCaught() {
        List<KubernetesResource> objects = base();
        // the egress to tokenization-service (fhir-adapter's, scribe-service's, signoff-service's) pointed at
        // scribe-service instead: fhir-adapter could then call scribe-service
        policy(objects, "allow-egress-to-tokenization-service").getSpec().getEgress().get(0).getTo().get(0)
                .getPodSelector().setMatchLabels(java.util.Map.of(Topology.NAME_LABEL, Topology.SCRIBE));
        List<String> v = NetworkBoundary.check(objects);
        expect(v, "allow-egress-to-tokenization-service: named for tokenization-service but reaches [scribe-service]");
        expect(v, "fhir-adapter: may call [scribe-service] inside the namespace");
        // and the ingress side: fhir-adapter admitting tokenization-service instead of scribe-service
        policy(objects, "fhir-adapter-ingress").getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()
                .setMatchLabels(java.util.Map.of(Topology.NAME_LABEL, Topology.TOKENIZATION));
        expect(NetworkBoundary.check(objects), "fhir-adapter: admits calls from [signoff-service, "
                + "tokenization-service]; only [scribe-service, signoff-service] call it");
    }

    @Test
    void aServiceExposedToAnotherNamespaceIsCaught() {
        List<KubernetesResource> objects = base();
        NetworkPolicy ui = policy(objects, "signoff-service-ingress");
        policy(objects, "tokenization-service-ingress").getSpec().getIngress().get(0).getFrom()
                .add(ui.getSpec().getIngress().get(0).getFrom().get(0));
        expect(NetworkBoundary.check(objects), "tokenization-service: admits traffic from outside the namespace");
    }

    @Test
    void missingHpaAndWrongPdbVersionAreCaught() throws IOException {
        List<KubernetesResource> objects = base();
        objects.remove(ManifestRules.byName(objects, HorizontalPodAutoscaler.class).get(Topology.SCRIBE));
        objects.removeIf(o -> o instanceof io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget p
                && ManifestRules.name(p).equals(Topology.SIGNOFF));
        objects.add(Manifests.parse(Path.of("pdb.yaml"), """
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: signoff-service}
                spec:
                  minAvailable: 1
                  selector: {matchLabels: {app.kubernetes.io/name: signoff-service}}
                """).get(0).object());
        List<String> v = ManifestRules.wiring(objects);
        expect(v, "scribe-service: 0 HorizontalPodAutoscalers (autoscaling/v2) target it, want 1");
        expect(v, "PodDisruptionBudget signoff-service: not policy/v1");
        expect(v, "signoff-service: 0 PodDisruptionBudgets (policy/v1) select its pods, want 1");
    }

    @Test
    void aSecondAuditPodOrARollingUpdateOrAnHpaForItAreCaught() throws IOException {
        List<KubernetesResource> objects = base();
        Deployment audit = ManifestRules.byName(objects, Deployment.class).get(Topology.AUDIT);
        audit.getSpec().setReplicas(2);
        audit.getSpec().getStrategy().setType("RollingUpdate");
        objects.add(Manifests.parse(Path.of("hpa.yaml"), """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: audit-service}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: audit-service}
                  minReplicas: 1
                  maxReplicas: 3
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 75}}}]
                """).get(0).object());
        List<String> v = ManifestRules.wiring(objects);
        expect(v, "audit-service: runs as one pod, but replicas is 2");
        expect(v, "audit-service: runs as one pod, so its Deployment must replace it (strategy Recreate)");
        expect(v, "audit-service: runs as one pod, but an HPA targets it");
    }

    @Test
    void theEhrAddressGivenToScribeIsCaught() {
        List<KubernetesResource> objects = base();
        ManifestRules.byName(objects, ConfigMap.class).get("scribe-service-config").getData()
                .put("SIGNET_ADAPTER_EHR_BASE_URL", "https://ehr.hospital.example/fhir/r4");
        expect(ManifestRules.wiring(objects), "scribe-service: is given the EHR's configuration");
    }

    @Test
    void anotherServicesSecretIsCaught() {
        List<KubernetesResource> objects = base();
        Deployment scribe = ManifestRules.byName(objects, Deployment.class).get(Topology.SCRIBE);
        List<EnvVar> env = scribe.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        env.add(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName("SIGNET_TOKENIZATION_KEK_KEYS")
                .withNewValueFrom().withNewSecretKeyRef("keys", "tokenization-kek", false).endValueFrom().build());
        env.stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().setKey("tokenization-service-password");
        List<String> v = ManifestRules.wiring(objects);
        expect(v, "scribe-service: references Secret tokenization-kek, which belongs to [tokenization-service]");
        expect(v, "scribe-service: uses another service's database credentials");
    }

    @Test
    void aProbeOnTheWrongPortOrPathIsCaughtInTheRealBase() {
        List<KubernetesResource> objects = base();
        Deployment d = ManifestRules.byName(objects, Deployment.class).get(Topology.FHIR_ADAPTER);
        var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        c.getReadinessProbe().getHttpGet().setPath("/q/health");
        c.getLivenessProbe().getHttpGet().setPort(new IntOrString("management"));
        c.getSecurityContext().setReadOnlyRootFilesystem(null);
        List<String> v = ManifestRules.deployment(d);
        expect(v, "readinessProbe checks /q/health, not /q/health/ready");
        expect(v, "livenessProbe port management is not a container port");
        expect(v, "readOnlyRootFilesystem must be true");
    }

    @Test
    void overlayPatchesThatWeakenTheBaseAreCaught(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../../base, extra.yaml]
                namespace: elsewhere
                patchesStrategicMerge: [x.yaml]
                patches:
                  - target: {kind: Deployment}
                    patch: |-
                      - op: replace
                        path: /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem
                        value: false
                  - target: {kind: NetworkPolicy}
                    patch: |-
                      - op: replace
                        path: /spec/podSelector
                        value: {}
                  - path: np.yaml
                """);
        java.nio.file.Files.writeString(dir.resolve("np.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-egress-to-tokenization-service}
                spec:
                  podSelector: {}
                  egress: []
                """);
        List<String> v = OverlayGuard.check(dir, base());
        expect(v, "'patchesStrategicMerge' is not one of the fields");
        expect(v, "moves the services out of namespace signet");
        expect(v, "adds resources besides ../../base");
        expect(v, "patches /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem");
        expect(v, "may target only");
        expect(v, "patches /spec/podSelector");
        expect(v, "patch changes more than spec.egress");
        expect(v, "which is not an external destination");
    }

    @Test
    void aDeploymentPatchMayOnlyAddTransportEncryption(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../../base]
                patches:
                  - path: tls.yaml
                  - target: {kind: Ingress}
                    patch: |-
                      - op: add
                        path: /metadata/annotations
                        value: {nginx.ingress.kubernetes.io/whitelist-source-range: 0.0.0.0/0}
                """);
        java.nio.file.Files.writeString(dir.resolve("tls.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: scribe-service}
                spec: {template: {spec: {hostNetwork: true}}}
                """);
        List<String> v = OverlayGuard.check(dir, base());
        expect(v, "may change only the pod's containers and volumes");
        java.nio.file.Files.writeString(dir.resolve("tls.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: scribe-service}
                spec:
                  template:
                    spec:
                      containers:
                        - name: scribe-service
                          securityContext: {privileged: true}
                          readinessProbe: {httpGet: {scheme: HTTPS, path: /}}
                          volumeMounts:
                            - {name: internal-tls, mountPath: /etc/signet/tls}
                      volumes:
                        - name: internal-tls
                          secret: {secretName: tokenization-kek}
                """);
        v = OverlayGuard.check(dir, base());
        expect(v, "changes the container's securityContext");
        expect(v, "changes its readinessProbe beyond its scheme");
        expect(v, "mounts internal-tls other than read-only");
        expect(v, "adds volume internal-tls other than its own certificate");
        expect(v, "patches /metadata/annotations");
    }

    @Test
    void cidrArithmetic() {
        assertTrue(NetworkBoundary.cidrsOverlap("198.51.100.0/28", "198.51.100.5/32"));
        assertTrue(NetworkBoundary.cidrsOverlap("10.0.0.0/8", "10.200.3.0/24"));
        assertFalse(NetworkBoundary.cidrsOverlap("198.51.100.0/28", "198.51.100.16/28"));
        assertFalse(NetworkBoundary.cidrsOverlap("192.0.2.16/28", "203.0.113.0/28"));
        assertFalse(NetworkBoundary.cidrsOverlap("10.0.0.0/8", "2001:db8::/32"));
        assertTrue(NetworkBoundary.cidrsOverlap("2001:db8::/32", "2001:db8:1::/48"));
        assertEquals(0, NetworkBoundary.prefixLength("0.0.0.0/0"));
        assertTrue(RenderedOverlaysTest.pinned("registry.example/signet/x:0.1.0"));
        assertTrue(RenderedOverlaysTest.pinned("registry.example:5000/x@sha256:abc"));
        assertFalse(RenderedOverlaysTest.pinned("registry.example:5000/x"));
        assertFalse(RenderedOverlaysTest.pinned("signet/x:dev"));
        assertFalse(RenderedOverlaysTest.pinned("signet/x:0.1.0-SNAPSHOT"));
    }

    private static void expect(List<String> violations, String fragment) {
        Predicate<String> has = s -> s.contains(fragment);
        assertTrue(violations.stream().anyMatch(has),
                "expected a violation containing \"" + fragment + "\" among:\n  " + String.join("\n  ", violations));
    }
}
