package org.signet.services.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox EHR: HAPI FHIR's {@link RestfulServer} over an in-memory store seeded with Synthea patients, in
 * embedded Jetty 12 (ee10). FHIR base {@code http://HOST:port/fhir}; with admin enabled, the test controls are on a
 * second connector ({@code http://HOST:adminPort/admin/...}) that stays up while the FHIR connector refuses
 * connections. Usable in-process ({@link #start}) or as a child JVM ({@link SandboxEhrMain}).
 */
public final class SandboxEhr implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxEhr.class);

  /**
   * How to run.
   *
   * @param port FHIR port, 0 for a free one
   * @param adminPort admin port, 0 for a free one (only used when {@code enableAdmin})
   * @param seedDir the Synthea data directory (holding {@code ms-anonymizer-samples-r4/}), or null for an empty EHR
   * @param issuer the Keycloak realm issuer URL; null disables authorization (unit tests only)
   * @param audience the {@code aud} every token must carry; required with an issuer
   * @param enableAdmin reset, faults and request log endpoints
   * @param requestLog a file to append the request log to, or null
   * @param launchApp the SMART app the EHR page launches, or null for a page without launch buttons
   */
  public record Options(String host, int port, int adminPort, Path seedDir, String issuer, String audience,
      boolean enableAdmin, Path requestLog, LaunchApp launchApp) {

    public static Options defaults() {
      return new Options("127.0.0.1", 0, 0, null, null, null, false, null, null);
    }

    public Options withPort(int p) {
      return new Options(host, p, adminPort, seedDir, issuer, audience, enableAdmin, requestLog, launchApp);
    }

    public Options withAdminPort(int p) {
      return new Options(host, port, p, seedDir, issuer, audience, enableAdmin, requestLog, launchApp);
    }

    public Options withSeedDir(Path dir) {
      return new Options(host, port, adminPort, dir, issuer, audience, enableAdmin, requestLog, launchApp);
    }

    public Options withAuthorization(String iss, String aud) {
      return new Options(host, port, adminPort, seedDir, iss, aud, enableAdmin, requestLog, launchApp);
    }

    public Options withAdmin(boolean enabled) {
      return new Options(host, port, adminPort, seedDir, issuer, audience, enabled, requestLog, launchApp);
    }

    public Options withRequestLog(Path file) {
      return new Options(host, port, adminPort, seedDir, issuer, audience, enableAdmin, file, launchApp);
    }

    public Options withLaunchApp(LaunchApp app) {
      return new Options(host, port, adminPort, seedDir, issuer, audience, enableAdmin, requestLog, app);
    }

    public Options withHost(String h) {
      return new Options(h, port, adminPort, seedDir, issuer, audience, enableAdmin, requestLog, launchApp);
    }
  }

  /**
   * The SMART app the sandbox's EHR page launches (EHR launch).
   *
   * @param clientId its client id in realm {@code ehr}, which the launch context is made for
   * @param launchUrl its launch URL, called with {@code iss} and {@code launch}
   * @param secret the launch secret shared with realm {@code ehr}
   */
  public record LaunchApp(String clientId, String launchUrl, String secret) {
    @Override
    public String toString() {
      return "LaunchApp[" + clientId + " at " + launchUrl + "]"; // never the secret
    }
  }

  private final Server server;
  private final ServerConnector fhirConnector;
  private final ServerConnector adminConnector;
  private final ResourceStore store;
  private final FaultSwitch faults;
  private final RequestLog requestLog;

  private SandboxEhr(Server server, ServerConnector fhirConnector, ServerConnector adminConnector,
      ResourceStore store, FaultSwitch faults, RequestLog requestLog) {
    this.server = server;
    this.fhirConnector = fhirConnector;
    this.adminConnector = adminConnector;
    this.store = store;
    this.faults = faults;
    this.requestLog = requestLog;
  }

  public static SandboxEhr start(Options options) throws Exception {
    if (options.issuer() != null && (options.audience() == null || options.audience().isBlank())) {
      throw new IllegalArgumentException("An expected audience (--audience) is required when an issuer is set");
    }
    FhirContext ctx = FhirContext.forR4Cached();
    ResourceStore store = new ResourceStore();
    if (options.seedDir() != null) {
      SeedLoader.load(ctx, options.seedDir(), store);
    }
    store.markAsSeed();
    SandboxFhirService service = new SandboxFhirService(ctx, store);

    RestfulServer fhir = new RestfulServer(ctx);
    fhir.setResourceProviders(new ArrayList<>(ResourceProviders.all(service)));
    fhir.registerProvider(new TransactionProvider(service));
    FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(500);
    paging.setDefaultPageSize(50);
    paging.setMaximumPageSize(500);
    fhir.setPagingProvider(paging);
    fhir.setDefaultResponseEncoding(EncodingEnum.JSON);
    if (options.issuer() != null) {
      fhir.registerInterceptor(new SmartBackendServicesInterceptor(
          new AccessTokenVerifier(options.issuer(), options.audience()), ctx, fhir::getPagingProvider));
    } else {
      LOG.warn("Sandbox EHR authorization is DISABLED (no issuer): any caller may read and write. Unit tests only.");
    }
    fhir.registerInterceptor(new ConformanceInterceptor(ctx, options.issuer()));

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("sandbox-ehr");
    Server server = new Server(threads);
    ServerConnector fhirConnector = new ServerConnector(server);
    fhirConnector.setName("fhir");
    fhirConnector.setHost(options.host());
    fhirConnector.setPort(options.port());
    server.addConnector(fhirConnector);

    RequestLog requestLog = new RequestLog(options.requestLog());
    FaultSwitch faults = new FaultSwitch(refuse -> setAccepting(fhirConnector, !refuse));

    ServletContextHandler fhirContext = new ServletContextHandler();
    fhirContext.setContextPath("/");
    fhirContext.setVirtualHosts(List.of("@fhir"));
    fhirContext.addServlet(new ServletHolder("fhir", fhir), "/fhir/*");
    fhirContext.addServlet(new ServletHolder("smart-configuration",
        new SmartConfigurationServlet(options.issuer())), "/fhir/.well-known/smart-configuration");
    fhirContext.addFilter(new FilterHolder(new FhirEndpointFilter(faults, requestLog)), "/fhir/*",
        EnumSet.of(DispatcherType.REQUEST));
    String urlHost = options.host() == null || options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
    fhirContext.addServlet(new ServletHolder("ehr-page", new EhrPageServlet(store, options.launchApp(),
        () -> "http://" + urlHost + ":" + fhirConnector.getLocalPort() + "/fhir", options.issuer())), "/ehr/*");
    List<ServletContextHandler> contexts = new ArrayList<>(List.of(fhirContext));

    ServerConnector adminConnector = null;
    if (options.enableAdmin()) {
      adminConnector = new ServerConnector(server);
      adminConnector.setName("admin");
      adminConnector.setHost(options.host());
      adminConnector.setPort(options.adminPort());
      server.addConnector(adminConnector);
      AdminServlet admin = new AdminServlet(store, service, faults, requestLog);
      // On both connectors for convenience; only the admin one stays up while the FHIR one refuses connections.
      fhirContext.addServlet(new ServletHolder("admin", admin), "/admin/*");
      ServletContextHandler adminContext = new ServletContextHandler();
      adminContext.setContextPath("/");
      adminContext.setVirtualHosts(List.of("@admin"));
      adminContext.addServlet(new ServletHolder("admin", admin), "/admin/*");
      contexts.add(adminContext);
    }
    server.setHandler(new ContextHandlerCollection(contexts.toArray(ServletContextHandler[]::new)));
    server.start();
    // Remember the bound port so the connector reopens on the same one after refuseConnections.
    fhirConnector.setPort(fhirConnector.getLocalPort());
    SandboxEhr ehr = new SandboxEhr(server, fhirConnector, adminConnector, store, faults, requestLog);
    LOG.info("Sandbox EHR serving {} at {}", store.counts(), ehr.fhirBaseUrl());
    return ehr;
  }

  private static void setAccepting(ServerConnector connector, boolean accepting) {
    try {
      if (accepting) {
        connector.start();
      } else {
        connector.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot " + (accepting ? "reopen" : "close") + " the FHIR connector", e);
    }
  }

  public int port() {
    return fhirConnector.getPort();
  }

  /** The admin port, or -1 when admin endpoints are disabled. */
  public int adminPort() {
    return adminConnector == null ? -1 : adminConnector.getLocalPort();
  }

  public String fhirBaseUrl() {
    return "http://" + hostForUrl() + ":" + port() + "/fhir";
  }

  /** e.g. {@code http://127.0.0.1:PORT} (endpoints under {@code /admin/}), or null when disabled. */
  public String adminBaseUrl() {
    return adminConnector == null ? null : "http://" + hostForUrl() + ":" + adminPort();
  }

  private String hostForUrl() {
    String host = fhirConnector.getHost();
    return host == null || host.equals("0.0.0.0") ? "127.0.0.1" : host;
  }

  ResourceStore store() {
    return store;
  }

  public FaultSwitch faults() {
    return faults;
  }

  public RequestLog requestLog() {
    return requestLog;
  }

  public void stop() throws Exception {
    server.stop();
    requestLog.close();
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
