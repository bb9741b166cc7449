package dev.assetgate.cli;

import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;

/** What serve prints once it listens: where the API, the console and the health check are, where the data is, which image engine runs. */
final class StartBanner {
    private StartBanner() {}

    static String of(AssetgateConfig config, int port, int metricsPort, String imageEngine) {
        String base = baseUrl(config, port);
        String accessLog = config.get(Setting.ACCESS_LOG);
        String metrics = switch (config.get(Setting.METRICS)) {
            case "port" -> "  Metrics  http://" + bracketed(config.get(Setting.METRICS_HOST)) + ":" + metricsPort + "/metrics\n";
            case "token" -> "  Metrics  " + base + "/metrics  (Authorization: Bearer <metrics-token>)\n";
            default -> "";
        };
        return "Assetgate listening on " + config.get(Setting.HOST) + ":" + port + ", data in " + config.dataDir() + "\n"
                + "  API      " + base + "/{project}/v5/...  (key in the X-Filerobot-Key header)\n"
                + "  Console  " + base + "/console/\n"
                + "  Health   " + base + "/health\n"
                + "  Images   transformed by " + imageEngine + " (" + Setting.IMAGE_ENGINE.key + "=" + config.get(Setting.IMAGE_ENGINE) + ")\n"
                + metrics
                + (accessLog.equals("off")
                        ? "Access log off (" + Setting.ACCESS_LOG.env() + "=plain or json turns it on). Ctrl-C stops the server."
                        : "Access log (" + accessLog + ") follows, one line per request. Ctrl-C stops the server.");
    }

    /** public-url when set; else this machine, by name when the server listens on every address. */
    private static String baseUrl(AssetgateConfig config, int port) {
        String publicUrl = config.get(Setting.PUBLIC_URL);
        if (!publicUrl.isEmpty()) return publicUrl.replaceAll("/+$", "");
        String host = config.get(Setting.HOST);
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
        return "http://" + bracketed(host) + ":" + port;
    }

    private static String bracketed(String host) {
        return host.contains(":") ? "[" + host + "]" : host; // an IPv6 literal
    }
}
