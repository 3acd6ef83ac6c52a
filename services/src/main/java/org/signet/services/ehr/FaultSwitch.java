package org.signet.services.ehr;

import java.util.concurrent.atomic.AtomicInteger;

/** Faults the reliability tests switch on: fail the next N requests with 503, add latency, refuse connections. */
public final class FaultSwitch {

  /** Opens and closes the FHIR connector. */
  public interface Connector {
    void refuse(boolean refuse);
  }

  private final AtomicInteger failNext = new AtomicInteger();
  private volatile long latencyMs;
  private volatile boolean refusingConnections;
  private final Connector connector;

  public FaultSwitch(Connector connector) {
    this.connector = connector;
  }

  /** True when this request must fail (and counts it). */
  public boolean consumeFailure() {
    return failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  public long latencyMs() {
    return latencyMs;
  }

  public void setFailNext(int n) {
    failNext.set(Math.max(0, n));
  }

  public void setLatencyMs(long ms) {
    latencyMs = Math.max(0, ms);
  }

  public synchronized void setRefuseConnections(boolean refuse) {
    if (refuse != refusingConnections) {
      connector.refuse(refuse);
      refusingConnections = refuse;
    }
  }

  public synchronized void clear() {
    failNext.set(0);
    latencyMs = 0;
    setRefuseConnections(false);
  }

  public java.util.Map<String, Object> state() {
    return java.util.Map.of("failNext", failNext.get(), "latencyMs", latencyMs, "refuseConnections",
        refusingConnections);
  }
}
