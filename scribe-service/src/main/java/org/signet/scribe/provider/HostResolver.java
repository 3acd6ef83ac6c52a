package org.signet.scribe.provider;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The addresses a host name resolves to, through the JDK's resolver (system DNS and {@code /etc/hosts}), as the
 * model clients' own HTTP connections see them. A bean so that tests can script DNS, which no JVM lets a test change.
 * The JDK caches a positive answer for {@code networkaddress.cache.ttl} (30 s by default), so a DNS change is seen
 * within that time.
 */
@ApplicationScoped
public class HostResolver {

    /** Every address of {@code host} (a name, or an IP literal, IPv6 in brackets or not). */
    public List<InetAddress> addressesOf(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
