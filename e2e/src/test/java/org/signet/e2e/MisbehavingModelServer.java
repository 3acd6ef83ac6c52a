package org.signet.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server gone wrong, on loopback: it accepts every connection and reads the request, then either never
 * answers ({@link Mode#HANG}, holding the connection until the client closes it) or answers 200 with a body that is
 * not a chat completion ({@link Mode#GARBAGE}). It counts the connections still open, so a test sees whether the
 * caller let go of every one, and keeps what it was sent, so a test sees that no identifier went with the fault.
 */
final class MisbehavingModelServer implements AutoCloseable {

    enum Mode { HANG, GARBAGE }

    private final ServerSocket server;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    /** Every request body received: what was disclosed to the model, for the test to look through. */
    private final java.util.Queue<String> received = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Mode mode = Mode.HANG;

    MisbehavingModelServer() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "misbehaving-model-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Connections accepted and not yet closed by either side. */
    int open() {
        return open.get();
    }

    int accepted() {
        return accepted.get();
    }

    /** The request bodies received so far, one after another. */
    String received() {
        return String.join("\n", received);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread handler = new Thread(() -> handle(socket), "misbehaving-model-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            received.add(readRequest(in));
            if (mode == Mode.GARBAGE) {
                byte[] body = "{\"id\": \"chatcmpl-1\", \"choices\": [{\"message\": {\"content\": \u0001\u0002 not json"
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return;
            }
            // hang: never answer; the connection ends when the caller gives up and closes it
            while (in.read() >= 0) {
                // a well-behaved client sends nothing more; read until it closes
            }
        } catch (IOException e) {
            // the caller reset the connection: it let go, which is what the test wants to see
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads the request line, headers and a Content-Length body; returns the body. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
