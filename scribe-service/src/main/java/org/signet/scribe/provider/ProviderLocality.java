package org.signet.scribe.provider;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.signet.scribe.config.ScribeConfig;

/**
 * Whether a provider runs inside the hospital, decided by the operator's configuration
 * ({@code signet.scribe.on-premises-networks}) from the provider's kind and endpoint, never by what an API caller
 * claims. {@code extractive} (no model) and {@code local-gguf} (a model file in scribe's own process) are local by
 * nature; an {@code openai-compatible} endpoint is local only while <em>every</em> address its host resolves to lies
 * in a configured network; an {@code anthropic} one never is (Anthropic's API runs outside the hospital). Decided at
 * registration and again at every call, so a DNS change cannot move a local provider outside unnoticed.
 */
@Startup // a malformed network list stops the service at start, not at the first registration
@ApplicationScoped
public class ProviderLocality {

    /** Where an endpoint is; {@code reason} is PHI-free and names no address (a host name can be internal). */
    public record Decision(boolean onPremises, String reason) {}

    /** An endpoint scribe cannot use: not an http(s) URL with a host, or a URL where a model file is expected. */
    public static final class InvalidEndpoint extends IllegalArgumentException {
        InvalidEndpoint(String message) {
            super(message);
        }
    }

    private final List<IpSubnetFilterRule> networks;
    private final HostResolver resolver;

    @Inject
    public ProviderLocality(ScribeConfig config, HostResolver resolver) {
        this(config.onPremisesNetworks(), resolver);
    }

    ProviderLocality(List<String> networks, HostResolver resolver) {
        this.networks = parse(networks);
        this.resolver = resolver;
    }

    /**
     * Where a provider of this kind at this endpoint runs. Resolves the endpoint's host name: blocking, so never on
     * the event loop.
     *
     * @throws InvalidEndpoint when the endpoint cannot be a provider of this kind
     */
    public Decision decide(String kind, String endpoint) {
        return switch (kind) {
            case "extractive" -> new Decision(true, "it drafts without a model, inside scribe-service");
            case "local-gguf" -> {
                if (endpoint != null && endpoint.contains("://")) {
                    throw new InvalidEndpoint("a local-gguf endpoint is the model file's path on scribe-service's "
                            + "host, not a URL");
                }
                yield new Decision(true, "its model runs inside scribe-service's own process");
            }
            case "anthropic" -> {
                if (endpoint != null && !endpoint.isBlank()) {
                    host(endpoint); // validated, though its address does not matter
                }
                yield new Decision(false, "Anthropic's API runs outside the hospital");
            }
            case "openai-compatible" -> resolve(host(endpoint));
            default -> throw new InvalidEndpoint("unknown provider kind");
        };
    }

    /**
     * Whether a registered provider counts as local for a call made now: registered as local, and its endpoint, its
     * host resolved again, still on-premises. An endpoint that cannot be used is not local (fail closed).
     */
    public boolean onPremisesNow(ModelProvider provider) {
        if (!provider.local) {
            return false;
        }
        try {
            return decide(provider.kind, provider.endpoint).onPremises();
        } catch (InvalidEndpoint e) {
            return false;
        }
    }

    /** Whether the address lies in one of the configured on-premises networks. */
    boolean inNetworks(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        return networks.stream().anyMatch(network -> network.matches(socket));
    }

    private Decision resolve(String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.addressesOf(host);
        } catch (UnknownHostException e) {
            return new Decision(false, "its host name does not resolve");
        }
        if (addresses.isEmpty()) {
            return new Decision(false, "its host name does not resolve");
        }
        // One address outside is enough: the HTTP client may connect to any of them.
        for (InetAddress address : addresses) {
            if (!inNetworks(address)) {
                return new Decision(false, "its host resolves to an address outside the on-premises networks");
            }
        }
        return new Decision(true, "every address of its host is in the on-premises networks");
    }

    /** The host of an http(s) URL, as the model's HTTP client will read it (IPv6 literals keep their brackets). */
    static String host(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new InvalidEndpoint("the endpoint must be an http or https URL");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new InvalidEndpoint("the endpoint is not a valid URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new InvalidEndpoint("the endpoint must be an http or https URL");
        }
        // A host java.net.URI cannot read (e.g. with '_') leaves getHost() null: refused rather than guessed at.
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidEndpoint("the endpoint URL has no valid host");
        }
        return uri.getHost();
    }

    static List<IpSubnetFilterRule> parse(List<String> cidrs) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String cidr : cidrs) {
            String[] parts = cidr.strip().split("/", -1);
            // An IP literal only: a name here would be resolved once, at start, and trusted ever after.
            InetAddress network = parts.length == 2 ? NetUtil.createInetAddressFromIpAddressString(parts[0]) : null;
            if (network == null || !parts[1].matches("\\d{1,3}")) {
                throw new IllegalArgumentException("signet.scribe.on-premises-networks: '" + cidr
                        + "' is not a CIDR block (an IPv4 or IPv6 address, '/', a prefix length)");
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix > (network instanceof Inet4Address ? 32 : 128)) {
                throw new IllegalArgumentException("signet.scribe.on-premises-networks: '" + cidr
                        + "' has a prefix length too long for its address");
            }
            rules.add(new IpSubnetFilterRule(network, prefix, IpFilterRuleType.ACCEPT));
        }
        return List.copyOf(rules);
    }
}
