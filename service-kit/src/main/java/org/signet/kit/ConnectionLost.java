package org.signet.kit;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether a call failed because its connection was refused, reset or closed under it: what a peer replica killed or
 * restarted does to the calls in flight. Another attempt opens a new connection, which reaches a replica that is up.
 * For SmallRye Fault Tolerance's {@code @RetryWhen(exception = ConnectionLost.class)} on calls that are safe to repeat;
 * a timeout or an error answer is not a lost connection.
 */
public final class ConnectionLost implements Predicate<Throwable> {

    private static final Set<String> LOST = Set.of(
            "java.net.ConnectException",
            "java.net.SocketException", // "Connection reset"
            "java.nio.channels.ClosedChannelException",
            "io.vertx.core.http.HttpClosedException", // "Connection was closed"
            "io.netty.channel.StacklessClosedChannelException");

    @Override
    public boolean test(Throwable failure) {
        return in(failure);
    }

    /** Whether {@code failure}'s cause chain holds a refused, reset or closed connection. */
    public static boolean in(Throwable failure) {
        boolean inRestClient = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (LOST.contains(name)) {
                return true;
            }
            // Quarkus REST's client reports a connection closed under a call as a bare IOException in its
            // ProcessingException (its transport failed; a timeout or a bad answer is reported otherwise)
            if (inRestClient && name.equals("java.io.IOException")) {
                return true;
            }
            inRestClient = name.equals("jakarta.ws.rs.ProcessingException");
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
