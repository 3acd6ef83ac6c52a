package org.signet.services.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks for launchers: fail fast with one clear line instead of a bind error deep in a child log. */
public final class Ports {

    private Ports() {}

    /** A port that was free on loopback a moment ago. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
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
