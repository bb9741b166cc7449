package dev.assetgate.health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether this node can serve: each service it depends on (the catalog, the blob store, Redis when
 * the limits live there) is probed once per call. A load balancer polls it and drains the node while
 * anything is down; {@code /health} stays a liveness check (the process answers).
 */
public final class Readiness {
    /** One probe: returns when the service answered, throws when it did not. */
    public interface Probe {
        void run() throws Exception;
    }

    private final Map<String, Probe> probes;

    public Readiness(Map<String, Probe> probes) {
        this.probes = probes;
    }

    /** Each service by name: "up", or "down: " and why. */
    public Map<String, String> check() {
        Map<String, String> states = new LinkedHashMap<>();
        probes.forEach((name, probe) -> {
            try {
                probe.run();
                states.put(name, "up");
            } catch (Exception | Error e) {
                states.put(name, "down: " + e);
            }
        });
        return states;
    }

    public static boolean allUp(Map<String, String> states) {
        return states.values().stream().allMatch("up"::equals);
    }
}
