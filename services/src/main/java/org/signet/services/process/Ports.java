package org.signet.services.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks for launchers: fail fast with one clear line instead of a bind error deep in a child log. */
public final class Ports {

    private Ports() {}

    /**
     * Below Linux's ephemeral range (32768–60999 by default): a port chosen now is often bound seconds later (the
     * sandbox EHR's is chosen before Keycloak starts, to name it in the realm), and in between any outgoing connection
     * may be given a port from the ephemeral range. No outgoing connection takes one of these.
     */
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_767;

    /** A port that was free on loopback a moment ago, outside the range outgoing connections are given. */
    public static int free() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(LOWEST, HIGHEST + 1);
            try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /** {@code requested} if it is free, a free port if {@code requested} is 0; otherwise a clear failure. */
    public static int claim(int requested, String what) {
        if (requested == 0) {
            return free();
        }
        if (inUse(requested)) {
            throw new BackingServiceException(what + " cannot start: port " + requested + " is in use. Stop whatever "
                    + "listens there (`ss -ltnp 'sport = :" + requested + "'`) or choose another port.");
        }
        return requested;
    }

    public static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
