package org.signet.services.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.signet.services.app.SignetModule;
import org.signet.services.app.SignetServiceProcess;
import org.signet.services.process.Closing;
import org.signet.services.process.RoundRobinFront;

/**
 * Several replicas of one Signet service behind one front on the service's port, as a Deployment behind a Service:
 * peers, browsers and tests keep using the one URL while a replica is killed and started again.
 */
public final class ReplicaSet implements AutoCloseable {

    private final SignetModule module;
    private final RoundRobinFront front;
    private final List<SignetServiceProcess> replicas;
    private final IntFunction<SignetServiceProcess> starter;

    ReplicaSet(SignetModule module, RoundRobinFront front, List<SignetServiceProcess> replicas,
            IntFunction<SignetServiceProcess> starter) {
        this.module = module;
        this.front = front;
        this.replicas = new ArrayList<>(replicas);
        this.starter = starter;
    }

    public SignetModule module() {
        return module;
    }

    public int size() {
        return replicas.size();
    }

    /** Replica {@code index} (from 0) as it runs now. */
    public synchronized SignetServiceProcess replica(int index) {
        return replicas.get(index);
    }

    /** How many connections the front has handed to replica {@code index} (its port) so far. */
    public synchronized long connectionsHandedTo(int index) {
        return front.handedTo(replicas.get(index).port());
    }

    /** Kills replica {@code index} without warning, as a crash or an evicted pod would end. */
    public synchronized void kill(int index) {
        replicas.get(index).kill();
    }

    /** Starts replica {@code index} again on its port (after {@link #kill}); waits until it is ready. */
    public synchronized SignetServiceProcess restart(int index) {
        replicas.get(index).close();
        SignetServiceProcess started = starter.apply(index).awaitReady(Duration.ofSeconds(120));
        replicas.set(index, started);
        return started;
    }

    @Override
    public synchronized void close() {
        front.close();
        Closing.together(replicas);
    }
}
