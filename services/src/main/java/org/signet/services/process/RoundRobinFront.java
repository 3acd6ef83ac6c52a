package org.signet.services.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a Kubernetes Service is to a service's pods, on this machine: one port that hands each new TCP connection to
 * the next of several replicas in turn, skipping a replica that refuses the connection (stopped, or not yet
 * listening) as readiness would. Connections already open stay with their replica: when it dies, they break, as
 * they would in a cluster. Bytes pass through untouched (HTTP, keep-alive and server-sent events alike).
 */
public final class RoundRobinFront implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final long CLOSE_WAIT_MS = 5_000;

    private final String name;
    private final ServerSocket listener;
    private final List<Integer> replicas = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Integer, AtomicLong> handed = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pipes;
    private final Thread acceptor;
    private volatile boolean closed;

    private RoundRobinFront(String name, ServerSocket listener) {
        this.name = name;
        this.listener = listener;
        this.pipes = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "front-" + name);
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::accept, "front-" + name + "-accept");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code port} and hands connections to {@code replicaPorts} (on this host). */
    public static RoundRobinFront start(String name, int port, List<Integer> replicaPorts) {
        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            // every interface, as the services themselves listen: "localhost" may resolve to either family
            listener.bind(new InetSocketAddress(port), 200);
        } catch (IOException e) {
            throw new BackingServiceException("cannot listen on port " + port + " for " + name + ": "
                    + e.getMessage());
        }
        RoundRobinFront front = new RoundRobinFront(name, listener);
        front.replicas.addAll(replicaPorts);
        front.acceptor.start();
        return front;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections this front has handed to the replica on {@code replicaPort} so far. */
    public long handedTo(int replicaPort) {
        AtomicLong count = handed.get(replicaPort);
        return count == null ? 0 : count.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println(name + " front: accept failed: " + e.getMessage());
                }
                continue;
            }
            open.add(client); // from here on, close() ends it whatever happens to its forwarding
            try {
                pipes.execute(() -> forward(client));
            } catch (RejectedExecutionException closing) {
                // accepted while the front closed: an unclosed socket here would leave its caller waiting forever
                closeQuietly(client);
            }
        }
    }

    private void forward(Socket client) {
        Socket replica = connectToNext();
        if (replica == null) {
            closeQuietly(client); // no replica listens: the caller sees the connection refused, as with none at all
            open.remove(client);
            return;
        }
        open.add(replica);
        if (closed) { // the front closed while this replica was chosen: close() may have missed these two
            closeQuietly(client);
            closeQuietly(replica);
            return;
        }
        try {
            pipes.execute(() -> pipe(client, replica));
        } catch (RejectedExecutionException closing) {
            closeQuietly(client);
            closeQuietly(replica);
            return;
        }
        pipe(replica, client);
    }

    /** How many connections this front accepted (or opened to a replica) and has not closed. */
    int connectionsLeftOpen() {
        return (int) open.stream().filter(socket -> !socket.isClosed()).count();
    }

    /** The next replica in turn that takes the connection; null when none does. */
    private Socket connectToNext() {
        int count = replicas.size();
        for (int attempt = 0; attempt < count; attempt++) {
            int port = replicas.get(Math.floorMod(next.getAndIncrement(), count));
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
                handed.computeIfAbsent(port, p -> new AtomicLong()).incrementAndGet();
                return socket;
            } catch (IOException refused) {
                closeQuietly(socket);
            }
        }
        return null;
    }

    /** Copies {@code from} to {@code to} until either ends; then ends both (a half-open pair helps nobody). */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (SocketException ended) {
            // one side closed or was reset (a replica killed): the other side is closed below
        } catch (IOException e) {
            // likewise
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * Stops listening, then ends every open connection. Returns only once the accepting thread has left
     * {@code accept()} (until then the kernel may still queue a new connection on the listening socket: closing a
     * socket another thread is blocked on only takes effect when that thread returns) and every forwarding thread has
     * ended: one still connecting to a replica when the sockets were closed opens that connection afterwards, and only
     * closes it once it sees the front closed.
     */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            acceptor.join(CLOSE_WAIT_MS);
            pipes.shutdown();
            open.forEach(RoundRobinFront::closeQuietly); // ends every pipe blocked reading
            pipes.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipes.shutdownNow();
        open.forEach(RoundRobinFront::closeQuietly);
    }
}
