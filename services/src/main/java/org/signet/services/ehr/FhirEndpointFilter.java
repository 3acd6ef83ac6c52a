package org.signet.services.ehr;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * In front of every FHIR request: injects the faults switched on in {@link FaultSwitch} (latency, 503) and records
 * the request with the status it got in the {@link RequestLog}, so tests can assert exactly what a client read.
 */
final class FhirEndpointFilter implements Filter {

  private static final String UNAVAILABLE = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
      + "\"error\",\"code\":\"transient\",\"diagnostics\":\"Sandbox EHR fault injection: service unavailable\"}]}";

  private final FaultSwitch faults;
  private final RequestLog log;

  FhirEndpointFilter(FaultSwitch faults, RequestLog log) {
    this.faults = faults;
    this.log = log;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) resp;
    String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    try {
      long latency = faults.latencyMs();
      if (latency > 0) {
        try {
          Thread.sleep(latency);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (faults.consumeFailure()) {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/fhir+json;charset=utf-8");
        response.getOutputStream().write(UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
        return;
      }
      chain.doFilter(req, resp);
    } finally {
      log.record(request.getMethod(), path, response.getStatus());
    }
  }
}
