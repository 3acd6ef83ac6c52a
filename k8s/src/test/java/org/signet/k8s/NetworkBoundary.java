package org.signet.k8s;

import static org.signet.k8s.Topology.CALLS;
import static org.signet.k8s.Topology.DNS;
import static org.signet.k8s.Topology.EGRESS;
import static org.signet.k8s.Topology.EGRESS_TO;
import static org.signet.k8s.Topology.EHR;
import static org.signet.k8s.Topology.EXPOSED;
import static org.signet.k8s.Topology.EXTERNAL_CLASSES;
import static org.signet.k8s.Topology.MODELS;
import static org.signet.k8s.Topology.NAMESPACE;
import static org.signet.k8s.Topology.PORTS;
import static org.signet.k8s.Topology.SERVICES;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The PHI boundary as NetworkPolicies say it, evaluated against the Deployments' pod labels: which service may
 * reach which destination, and who may call whom. NetworkPolicies are additive, so every question is answered
 * over all policies that select a pod, never over one policy alone.
 */
final class NetworkBoundary {

    /** One egress/ingress peer of one policy. */
    record Peer(String policy, String destination, LabelSelector namespaces, LabelSelector pods, IPBlock ipBlock,
            List<NetworkPolicyPort> ports) {

        boolean inNamespace() {
            return ipBlock == null && namespaces == null;
        }

        @Override
        public String toString() {
            if (ipBlock != null) {
                return "ipBlock " + ipBlock.getCidr();
            }
            return (namespaces == null ? "namespace " + NAMESPACE : "namespaces " + describe(namespaces))
                    + " pods " + describe(pods);
        }
    }

    private NetworkBoundary() {}

    static List<String> check(Collection<? extends KubernetesResource> objects) {
        List<String> v = new ArrayList<>();
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        for (Deployment d : ManifestRules.of(objects, Deployment.class)) {
            if (SERVICES.contains(ManifestRules.name(d))) {
                pods.put(ManifestRules.name(d), d.getSpec().getTemplate().getMetadata().getLabels());
            }
        }
        if (!pods.keySet().containsAll(SERVICES)) {
            v.add("the boundary needs every service's Deployment to evaluate selectors; found " + pods.keySet());
            return v;
        }
        List<NetworkPolicy> policies = ManifestRules.of(objects, NetworkPolicy.class);

        // 1. default deny
        boolean defaultDeny = policies.stream().anyMatch(p -> empty(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty());
        if (!defaultDeny) {
            v.add("no default-deny policy (empty podSelector, policyTypes Ingress and Egress, no rules)");
        }

        // 2. every policy is explicit: declared types, named destinations, no wildcard peers or ports
        List<Peer> egressPeers = new ArrayList<>();
        Map<String, Set<String>> selects = new HashMap<>();
        for (NetworkPolicy p : policies) {
            String name = ManifestRules.name(p);
            Set<String> selected = selected(p.getSpec().getPodSelector(), pods);
            selects.put(name, selected);
            if (p.getSpec().getPolicyTypes().isEmpty()) {
                v.add("NetworkPolicy " + name + ": policyTypes not declared");
            }
            if (selected.isEmpty()) {
                v.add("NetworkPolicy " + name + ": selects none of the services");
            }
            String destination = annotation(p);
            if (!p.getSpec().getEgress().isEmpty()) {
                if (!p.getSpec().getPolicyTypes().contains("Egress")) {
                    v.add("NetworkPolicy " + name + ": egress rules without policyTypes Egress");
                }
                if (destination == null) {
                    v.add("NetworkPolicy " + name + ": egress without the annotation " + EGRESS_TO);
                } else if (!destination.equals(DNS) && !EXTERNAL_CLASSES.contains(destination)
                        && !SERVICES.contains(destination)) {
                    v.add("NetworkPolicy " + name + ": unknown destination " + destination);
                }
            }
            for (NetworkPolicyEgressRule rule : p.getSpec().getEgress()) {
                if (rule.getTo().isEmpty()) {
                    v.add("NetworkPolicy " + name + ": an egress rule without 'to' allows every destination");
                }
                if (rule.getPorts().isEmpty()) {
                    v.add("NetworkPolicy " + name + ": an egress rule without ports allows every port");
                }
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    Peer q = new Peer(name, destination, peer.getNamespaceSelector(), peer.getPodSelector(),
                            peer.getIpBlock(), rule.getPorts());
                    v.addAll(wildcard(q));
                    egressPeers.add(q);
                }
            }
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                if (rule.getFrom().isEmpty()) {
                    v.add("NetworkPolicy " + name + ": an ingress rule without 'from' admits every source");
                }
                if (rule.getPorts().isEmpty()) {
                    v.add("NetworkPolicy " + name + ": an ingress rule without ports opens every port");
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    v.addAll(wildcard(new Peer(name, null, peer.getNamespaceSelector(), peer.getPodSelector(),
                            peer.getIpBlock(), rule.getPorts())));
                }
            }
            if (!p.getSpec().getIngress().isEmpty() && !p.getSpec().getPolicyTypes().contains("Ingress")) {
                v.add("NetworkPolicy " + name + ": ingress rules without policyTypes Ingress");
            }
        }

        // 3. each service reaches exactly its destination classes
        for (String svc : SERVICES) {
            Set<String> reached = new TreeSet<>();
            for (NetworkPolicy p : policies) {
                if (!p.getSpec().getEgress().isEmpty() && selects.get(ManifestRules.name(p)).contains(svc)
                        && annotation(p) != null) {
                    reached.add(annotation(p));
                }
            }
            for (String missing : difference(EGRESS.get(svc), reached)) {
                v.add(svc + ": no egress to " + missing + ", which it needs");
            }
            for (String extra : difference(reached, EGRESS.get(svc))) {
                v.add(svc + ": may egress to " + extra + ", which it must not");
            }
        }

        // 4. destinations by kind: DNS only to port 53; external classes leave the namespace; service classes
        //    are the callee's pods on the callee's port; together they give exactly the call graph
        Map<String, Set<String>> calls = new TreeMap<>();
        SERVICES.forEach(s -> calls.put(s, new TreeSet<>()));
        for (Peer q : egressPeers) {
            Set<String> callers = selects.get(q.policy());
            if (DNS.equals(q.destination())) {
                boolean only53 = q.ports().stream().allMatch(port -> port.getPort() != null
                        && Integer.valueOf(53).equals(port.getPort().getIntVal()) && port.getEndPort() == null);
                if (!only53 || q.inNamespace() || q.ipBlock() != null) {
                    v.add("NetworkPolicy " + q.policy() + ": the DNS policy reaches more than port 53 of the "
                            + "cluster DNS (" + q + ")");
                }
            } else if (q.destination() != null && EXTERNAL_CLASSES.contains(q.destination()) && q.inNamespace()) {
                v.add("NetworkPolicy " + q.policy() + ": " + q.destination() + " peer is a pod of this namespace");
            }
            if (q.inNamespace()) {
                Set<String> callees = selected(q.pods(), pods);
                if (q.destination() != null && SERVICES.contains(q.destination())) {
                    if (!callees.equals(Set.of(q.destination()))) {
                        v.add("NetworkPolicy " + q.policy() + ": named for " + q.destination() + " but reaches "
                                + callees);
                    }
                }
                for (String callee : callees) {
                    if (!ports(q.ports()).equals(Set.of(PORTS.get(callee)))) {
                        v.add("NetworkPolicy " + q.policy() + ": reaches " + callee + " on ports " + ports(q.ports())
                                + ", not only " + PORTS.get(callee));
                    }
                }
                callers.forEach(caller -> calls.get(caller).addAll(callees));
            }
        }
        for (String svc : SERVICES) {
            if (!calls.get(svc).equals(CALLS.get(svc))) {
                v.add(svc + ": may call " + calls.get(svc) + " inside the namespace; it calls exactly "
                        + new TreeSet<>(CALLS.get(svc)));
            }
        }

        // 5. the EHR and the model endpoints: one service each, and no other policy names an overlapping peer
        v.addAll(exclusive(EHR, Topology.FHIR_ADAPTER, policies, selects, egressPeers));
        v.addAll(exclusive(MODELS, Topology.SCRIBE, policies, selects, egressPeers));

        // 6. who may call whom
        for (String svc : SERVICES) {
            Set<String> callers = new TreeSet<>();
            List<Peer> outside = new ArrayList<>();
            for (NetworkPolicy p : policies) {
                if (!selects.get(ManifestRules.name(p)).contains(svc)) {
                    continue;
                }
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    if (!ports(rule.getPorts()).equals(Set.of(PORTS.get(svc)))) {
                        v.add("NetworkPolicy " + ManifestRules.name(p) + ": admits traffic to " + svc + " on ports "
                                + ports(rule.getPorts()) + ", not only " + PORTS.get(svc));
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        Peer q = new Peer(ManifestRules.name(p), null, peer.getNamespaceSelector(),
                                peer.getPodSelector(), peer.getIpBlock(), rule.getPorts());
                        if (q.inNamespace()) {
                            callers.addAll(selected(q.pods(), pods));
                        } else {
                            outside.add(q);
                        }
                    }
                }
            }
            Set<String> expected = new TreeSet<>();
            CALLS.forEach((caller, callees) -> {
                if (callees.contains(svc)) {
                    expected.add(caller);
                }
            });
            if (!callers.equals(expected)) {
                v.add(svc + ": admits calls from " + callers + "; only " + expected + " call it");
            }
            if (svc.equals(EXPOSED)) {
                if (outside.isEmpty()) {
                    v.add(svc + ": nothing outside the namespace (the ingress controller) may reach the UI");
                }
                for (Peer q : outside) {
                    if (q.ipBlock() != null || empty(q.namespaces()) || empty(q.pods())) {
                        v.add(svc + ": admits " + q + "; only the ingress controller's pods may come in");
                    }
                }
            } else if (!outside.isEmpty()) {
                v.add(svc + ": admits traffic from outside the namespace (" + outside + ")");
            }
        }
        return v;
    }

    /** Only {@code owner} reaches {@code destination}'s peers, and no other policy's peer overlaps them. */
    private static List<String> exclusive(String destination, String owner, List<NetworkPolicy> policies,
            Map<String, Set<String>> selects, List<Peer> egressPeers) {
        List<String> v = new ArrayList<>();
        List<Peer> guarded = egressPeers.stream().filter(q -> destination.equals(q.destination())).toList();
        if (guarded.isEmpty()) {
            v.add("no egress policy for " + destination);
        }
        for (NetworkPolicy p : policies) {
            if (destination.equals(annotation(p)) && !selects.get(ManifestRules.name(p)).equals(Set.of(owner))) {
                v.add("NetworkPolicy " + ManifestRules.name(p) + ": lets " + selects.get(ManifestRules.name(p))
                        + " reach " + destination + "; only " + owner + " may");
            }
        }
        for (Peer q : egressPeers) {
            if (destination.equals(q.destination())) {
                continue;
            }
            for (Peer g : guarded) {
                if (overlap(q, g)) {
                    v.add("NetworkPolicy " + q.policy() + " (" + q.destination() + ", for "
                            + selects.get(q.policy()) + "): " + q + " overlaps the " + destination + " peer " + g);
                }
            }
        }
        return v;
    }

    private static List<String> wildcard(Peer q) {
        List<String> v = new ArrayList<>();
        if (q.ipBlock() != null) {
            if (q.ipBlock().getCidr() == null || prefixLength(q.ipBlock().getCidr()) == 0) {
                v.add("NetworkPolicy " + q.policy() + ": ipBlock " + q.ipBlock().getCidr() + " is the whole internet");
            }
        } else if (q.inNamespace() && empty(q.pods())) {
            v.add("NetworkPolicy " + q.policy() + ": a peer with an empty podSelector is every pod of the namespace");
        } else if (!q.inNamespace() && empty(q.pods()) && empty(q.namespaces())) {
            v.add("NetworkPolicy " + q.policy() + ": a peer with an empty namespaceSelector is every pod of every "
                    + "namespace");
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------- selectors

    static boolean empty(LabelSelector s) {
        return s == null || (s.getMatchLabels().isEmpty() && s.getMatchExpressions().isEmpty());
    }

    /** Kubernetes label-selector semantics; an absent selector selects everything. */
    static boolean matches(LabelSelector s, Map<String, String> labels) {
        if (s == null) {
            return true;
        }
        for (var e : s.getMatchLabels().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : s.getMatchExpressions()) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> selected(LabelSelector s, Map<String, Map<String, String>> pods) {
        Set<String> selected = new TreeSet<>();
        pods.forEach((svc, labels) -> {
            if (matches(s, labels)) {
                selected.add(svc);
            }
        });
        return selected;
    }

    /**
     * Could two peers name a common endpoint? CIDRs by address arithmetic; selectors unless some label is required
     * to have disjoint values (conservative: unknown operators count as "may overlap"). A pod peer and an ipBlock
     * are taken as disjoint (pod addresses are never the external blocks; {@link #wildcard} refuses 0.0.0.0/0).
     */
    static boolean overlap(Peer a, Peer b) {
        if (a.ipBlock() != null || b.ipBlock() != null) {
            return a.ipBlock() != null && b.ipBlock() != null
                    && cidrsOverlap(a.ipBlock().getCidr(), b.ipBlock().getCidr());
        }
        return compatible(namespaceOf(a), namespaceOf(b)) && compatible(a.pods(), b.pods());
    }

    private static LabelSelector namespaceOf(Peer q) {
        if (q.namespaces() != null) {
            return q.namespaces();
        }
        LabelSelector own = new LabelSelector();
        own.setMatchLabels(Map.of("kubernetes.io/metadata.name", NAMESPACE));
        return own;
    }

    private static boolean compatible(LabelSelector a, LabelSelector b) {
        Map<String, Set<String>> ca = constraints(a);
        Map<String, Set<String>> cb = constraints(b);
        for (var e : ca.entrySet()) {
            Set<String> other = cb.get(e.getKey());
            if (other != null) {
                Set<String> both = new HashSet<>(e.getValue());
                both.retainAll(other);
                if (both.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** label → the values it may take, from matchLabels and In expressions. */
    private static Map<String, Set<String>> constraints(LabelSelector s) {
        Map<String, Set<String>> c = new HashMap<>();
        if (s == null) {
            return c;
        }
        s.getMatchLabels().forEach((k, val) -> c.merge(k, Set.of(val), NetworkBoundary::intersect));
        for (LabelSelectorRequirement r : s.getMatchExpressions()) {
            if ("In".equals(r.getOperator())) {
                c.merge(r.getKey(), Set.copyOf(r.getValues()), NetworkBoundary::intersect);
            }
        }
        return c;
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    // ---------------------------------------------------------------------------------------------- addresses

    static boolean cidrsOverlap(String a, String b) {
        byte[] ba = address(a);
        byte[] bb = address(b);
        if (ba.length != bb.length) {
            return false;
        }
        int prefix = Math.min(prefixLength(a), prefixLength(b));
        int bits = ba.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, ba).and(mask).equals(new BigInteger(1, bb).and(mask));
    }

    static int prefixLength(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return address(cidr).length * 8;
        }
        return Integer.parseInt(cidr.substring(slash + 1));
    }

    private static byte[] address(String cidr) {
        String literal = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
        if (!literal.matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("not an IP literal: " + cidr);
        }
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + cidr, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String annotation(NetworkPolicy p) {
        return p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(EGRESS_TO);
    }

    private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
        Set<Integer> numbers = new TreeSet<>();
        for (NetworkPolicyPort port : ports) {
            IntOrString p = port.getPort();
            numbers.add(p == null || p.getIntVal() == null ? -1 : p.getIntVal());
            if (port.getEndPort() != null) {
                numbers.add(port.getEndPort());
            }
        }
        return numbers;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static String describe(LabelSelector s) {
        if (s == null) {
            return "(any)";
        }
        Map<String, Object> parts = new TreeMap<>(s.getMatchLabels());
        s.getMatchExpressions().forEach(r -> parts.put(r.getKey(), r.getOperator() + r.getValues()));
        return parts.toString();
    }
}
