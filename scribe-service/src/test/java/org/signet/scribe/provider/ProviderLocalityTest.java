package org.signet.scribe.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which endpoints count as on-premises: decided by the configured networks and DNS, never by a caller's flag. */
class ProviderLocalityTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128"); // the shipped default

    private final ScriptedHostResolver dns = new ScriptedHostResolver();

    private boolean local(List<String> networks, String endpoint) {
        return new ProviderLocality(networks, dns).decide("openai-compatible", endpoint).onPremises();
    }

    @Test
    void byDefaultOnlyLoopbackIsOnPremisesInIpv4AndIpv6() {
        assertTrue(local(LOOPBACK, "http://127.0.0.1:8080/v1"));
        assertTrue(local(LOOPBACK, "http://127.42.0.9/v1"));
        assertTrue(local(LOOPBACK, "http://[::1]:8080/v1"));
        assertTrue(local(LOOPBACK, "http://[::ffff:127.0.0.1]:8080/v1"), "IPv4-mapped loopback");
        assertFalse(local(LOOPBACK, "https://203.0.113.10/v1"));
        assertFalse(local(LOOPBACK, "http://10.0.0.5:8000/v1"), "a private address is not on-premises unless listed");
        assertFalse(local(LOOPBACK, "http://[::ffff:203.0.113.10]/v1"), "IPv4-mapped public address");
        assertFalse(local(LOOPBACK, "http://[2001:db8::1]/v1"));
        assertFalse(local(LOOPBACK, "http://0.0.0.0:8080/v1"));
    }

    @Test
    void configuredNetworksDecideInIpv4AndIpv6() {
        List<String> hospital = List.of("10.20.0.0/16", "fd00:abcd::/32", "192.168.7.12/32");
        assertTrue(local(hospital, "http://10.20.255.1:8000/v1"));
        assertFalse(local(hospital, "http://10.21.0.1:8000/v1"));
        assertTrue(local(hospital, "http://192.168.7.12/v1"));
        assertFalse(local(hospital, "http://192.168.7.13/v1"));
        assertTrue(local(hospital, "http://[fd00:abcd:1::5]:8000/v1"));
        assertFalse(local(hospital, "http://[fd00:abce::5]:8000/v1"));
        assertFalse(local(hospital, "http://127.0.0.1:8000/v1"), "loopback only when listed");
    }

    @Test
    void aNameIsOnPremisesOnlyWhenEveryAddressItResolvesToIs() {
        List<String> hospital = List.of("10.0.0.0/8", "fd00::/8");
        dns.answer("vllm.hospital.internal", "10.1.2.3", "10.9.9.9", "fd00::7");
        dns.answer("split.hospital.internal", "10.1.2.3", "203.0.113.10");
        dns.answer("outside.example", "203.0.113.10");
        assertTrue(local(hospital, "http://vllm.hospital.internal:8000/v1"));
        assertFalse(local(hospital, "http://split.hospital.internal:8000/v1"), "one public address is enough");
        assertFalse(local(hospital, "https://outside.example/v1"));
        ProviderLocality.Decision unresolved = new ProviderLocality(hospital, dns).decide("openai-compatible",
                "http://gone.hospital.internal/v1");
        assertFalse(unresolved.onPremises(), "a name that does not resolve is not local (fail closed)");
        assertTrue(unresolved.reason().contains("does not resolve"), unresolved.reason());
        assertFalse(unresolved.reason().contains("gone.hospital"), "reasons name no host");
    }

    @Test
    void localhostThroughTheRealResolverIsLoopback() throws Exception {
        ProviderLocality locality = new ProviderLocality(LOOPBACK, new HostResolver());
        assertTrue(locality.decide("openai-compatible", "http://localhost:8080/v1").onPremises(),
                "localhost resolves to " + new HostResolver().addressesOf("localhost"));
    }

    @Test
    void extractiveAndLocalGgufAreLocalByNatureAnthropicNever() {
        ProviderLocality locality = new ProviderLocality(LOOPBACK, dns);
        assertTrue(locality.decide("extractive", null).onPremises());
        assertTrue(locality.decide("local-gguf", "/models/stories260K.gguf").onPremises());
        assertFalse(locality.decide("anthropic", "http://127.0.0.1:8080").onPremises());
        assertFalse(locality.decide("anthropic", "https://api.anthropic.com").onPremises());
    }

    @Test
    void endpointsThatAreNotHttpUrlsWithAHostAreInvalid() {
        ProviderLocality locality = new ProviderLocality(LOOPBACK, dns);
        for (String bad : Arrays.asList(null, "", "127.0.0.1:8080", "ftp://127.0.0.1/v1", "file:///models/x.gguf",
                "http:///v1", "http://model_server:8080/v1", "not a url", "http://[::1/v1", "/v1/chat")) {
            assertThrows(ProviderLocality.InvalidEndpoint.class, () -> locality.decide("openai-compatible", bad),
                    String.valueOf(bad));
        }
        assertThrows(ProviderLocality.InvalidEndpoint.class, () -> locality.decide("anthropic", "ftp://x/"));
        assertThrows(ProviderLocality.InvalidEndpoint.class,
                () -> locality.decide("local-gguf", "https://203.0.113.10/model.gguf"));
    }

    @Test
    void aMalformedNetworkListIsRefusedAndNamesAreNotAccepted() {
        for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "::1/129", "10.0.0.0/-1", "10.0.0.0/8/1",
                "hospital.internal/8", "localhost/32", "10.0.0/8", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ProviderLocality(List.of(bad), dns), bad);
            assertTrue(e.getMessage().contains("signet.scribe.on-premises-networks"), e.getMessage());
        }
        assertTrue(new ProviderLocality(List.of(" 10.0.0.0/8 ", "0.0.0.0/0"), dns)
                .inNetworks(ScriptedHostResolver.literal("203.0.113.10")), "whitespace is trimmed; /0 is everything");
    }

    @Test
    void atCallTimeARegisteredLocalProviderIsResolvedAgain() {
        ProviderLocality locality = new ProviderLocality(List.of("10.0.0.0/8"), dns);
        ModelProvider provider = new ModelProvider();
        provider.id = "vllm";
        provider.kind = "openai-compatible";
        provider.endpoint = "http://vllm.hospital.internal:8000/v1";
        provider.local = true;
        dns.answer("vllm.hospital.internal", "10.1.2.3");
        assertTrue(locality.onPremisesNow(provider));
        dns.answer("vllm.hospital.internal", "203.0.113.10"); // the name was moved outside
        assertFalse(locality.onPremisesNow(provider));
        dns.answer("vllm.hospital.internal", "10.1.2.3");
        provider.local = false; // registered as remote: stays remote, whatever it resolves to
        assertFalse(locality.onPremisesNow(provider));
        provider.local = true;
        provider.endpoint = "ftp://10.1.2.3/"; // a stored endpoint that is unusable is not local
        assertFalse(locality.onPremisesNow(provider));
        assertEquals(true, locality.decide("extractive", null).onPremises());
    }
}
