package org.signet.scribe.provider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * DNS as a test scripts it (no JVM lets a test change what a name resolves to): a scripted name answers the test's
 * addresses, optionally by lookup number; IP literals resolve as the JDK resolves them (no lookup); any other name
 * does not resolve.
 */
public class ScriptedHostResolver extends HostResolver {

    private final Map<String, IntFunction<List<InetAddress>>> names = new ConcurrentHashMap<>();
    private final Map<String, Integer> lookups = new ConcurrentHashMap<>();

    /** {@code name} resolves to these addresses from now on. */
    public ScriptedHostResolver answer(String name, String... addresses) {
        List<InetAddress> answer = Arrays.stream(addresses).map(ScriptedHostResolver::literal).toList();
        names.put(name, lookup -> answer);
        return this;
    }

    /** {@code name} resolves by its lookup number (1 for the first), e.g. to move it outside mid-way. */
    public ScriptedHostResolver answerByLookup(String name, IntFunction<List<InetAddress>> answer) {
        names.put(name, answer);
        lookups.remove(name);
        return this;
    }

    @Override
    public List<InetAddress> addressesOf(String host) throws UnknownHostException {
        IntFunction<List<InetAddress>> scripted = names.get(host);
        if (scripted != null) {
            return scripted.apply(lookups.merge(host, 1, Integer::sum));
        }
        if (host.matches("[\\d.]+") || host.startsWith("[")) {
            return super.addressesOf(host);
        }
        throw new UnknownHostException("not scripted");
    }

    /** An address from an IP literal (never a lookup). */
    public static InetAddress literal(String address) {
        if (!address.matches("[\\d.]+|[\\p{XDigit}:.]+")) {
            throw new IllegalArgumentException("an IP literal, not " + address);
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
