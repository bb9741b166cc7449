package dev.assetgate.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.health.DataVolume;
import dev.assetgate.health.Readiness;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /ready}: 200 when every service this node needs answers, else 503 in the error envelope
 * naming what is down, with Retry-After. Both carry each service's state and the data volume's fill
 * level (with {@code warning: true} past the disk-warn-percent threshold). No key: it reveals only
 * up or down, like {@code /health}, and which image engine runs ({@code image_engine}: "java" or "vips 8.14.1").
 */
final class ReadyRoute {
    private final Readiness readiness;
    private final DataVolume volume;
    private final String imageEngine;

    ReadyRoute(Readiness readiness, DataVolume volume, String imageEngine) {
        this.readiness = readiness;
        this.volume = volume;
        this.imageEngine = imageEngine;
    }

    void handle(Context ctx) {
        Map<String, String> states = readiness.check();
        ObjectNode body;
        int status;
        if (Readiness.allUp(states)) {
            status = 200;
            body = Json.success();
        } else {
            ApiError error = ApiError.SERVICE_UNAVAILABLE;
            status = error.status;
            String down = String.join(", ", states.entrySet().stream().filter(e -> !e.getValue().equals("up")).map(Map.Entry::getKey).toList());
            body = Json.object().put("status", "error").put("code", error.name()).put("msg", "not ready: " + down + " unreachable")
                    .put("hint", "This node cannot serve now; a load balancer should send traffic elsewhere until /ready answers 200.")
                    .put("request_id", RequestFacts.requestId(ctx));
            ctx.header("Retry-After", "5");
        }
        ObjectNode services = body.putObject("services");
        states.forEach(services::put);
        body.put("image_engine", imageEngine); // which engine transforms images on this node (image-engine=auto picks one)
        DataVolume.Usage disk = volume.usage();
        body.putObject("disk").put("volume", disk.volume()).put("total_bytes", disk.totalBytes()).put("free_bytes", disk.usableBytes())
                .put("used_percent", disk.usedPercent()).put("warning", disk.warning()).put("reserve_held", disk.reserveHeld());
        HttpSupport.send(ctx, status, body);
    }
}
