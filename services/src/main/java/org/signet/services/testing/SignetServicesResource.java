package org.signet.services.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.signet.services.app.SignetModule;

/**
 * Starts the other Signet services a service under test calls, as real processes, and tells it where they are
 * ({@code signet.peers.<module>}). Init arg {@code modules}: comma-separated module names, e.g.
 * {@code tokenization-service,fhir-adapter}.
 */
public class SignetServicesResource implements QuarkusTestResourceLifecycleManager {

    private List<SignetModule> modules = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault("modules", "");
        Map<String, SignetModule> byName = new HashMap<>();
        for (SignetModule module : SignetModule.values()) {
            byName.put(module.module(), module);
        }
        modules = Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .map(n -> {
                    SignetModule module = byName.get(n);
                    if (module == null) {
                        throw new IllegalArgumentException("unknown Signet module " + n);
                    }
                    return module;
                }).toList();
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        Map<SignetModule, String> urls = new EnumMap<>(SignetModule.class);
        for (SignetModule module : SignetModule.values()) {
            urls.put(module, BackingServices.peerUrl(module));
        }
        modules.forEach(BackingServices::signetService);
        urls.forEach((module, url) -> config.put("signet.peers." + module.module(), url));
        return config;
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped when the JVM exits
    }
}
