package dev.assetgate.http;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.assetgate.approvals.ApprovalService.FileApproval;
import dev.assetgate.labels.Label;
import dev.assetgate.products.ProductStore.FileProduct;
import dev.assetgate.store.FileRecord;
import dev.assetgate.visibility.VisibilityState;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * File objects kept as the JSON text sent, per file (issue 17: rendering them was a fifth of a file
 * details request's CPU and a third of a folder listing's). A file's text is used again only while
 * everything it is made from is equal (the file's row, its approval summary, labels, product and
 * resolved visibility, the request variant: base URL, API version, label format), and for at most a
 * second of the server's clock: a rendering also reads what is not among these inputs, the time (the
 * expiry of a private file's signed preview URLs) and the server's signing key. Only answers sent as
 * they are use it ({@link AssetJson#fileAsSent}, {@link AssetJson#filesAsSent}), and only with meta
 * shown as stored. Bounded by {@link #MOST_BYTES}, then it starts over; a file object of more than a
 * 64th of that (large meta) is not kept, so one cannot crowd out the rest.
 */
final class RenderedFiles {
    /** About: each text counts three times, for itself, its UTF-8 bytes and the inputs it was made from. */
    static final long MOST_BYTES = 16L << 20;
    static final long KEPT_MILLIS = 1000;

    /** Everything a file object is rendered from, besides the time. */
    record Inputs(FileRecord file, FileApproval approval, List<Label> labels, FileProduct product, VisibilityState state,
                  String variant) {}

    private record Kept(Inputs inputs, long renderedAt, JsonNode json, long size) {}

    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final Clock clock;

    RenderedFiles(Clock clock) {
        this.clock = clock;
    }

    /** The file object for these inputs: kept, or rendered now (and kept), as a node that writes the text as it is. */
    JsonNode of(Inputs inputs, Supplier<ObjectNode> render) {
        String uuid = inputs.file().uuid();
        long now = clock.millis();
        Kept last = kept.get(uuid);
        if (last != null && now >= last.renderedAt && now - last.renderedAt < KEPT_MILLIS && last.inputs.equals(inputs)) {
            return last.json;
        }
        SerializedString text = new SerializedString(Json.write(render.get()));
        // encoded here, before the map hands it to other threads: they only read it
        long size = 3L * text.asUnquotedUTF8().length;
        JsonNode json = Json.MAPPER.getNodeFactory().rawValueNode(new RawValue(text));
        if (size > MOST_BYTES / 64) return json;
        if (bytes.addAndGet(size) > MOST_BYTES) { // approximate under races; starting over corrects it
            kept.clear();
            bytes.set(size);
        }
        Kept replaced = kept.put(uuid, new Kept(inputs, now, json, size));
        if (replaced != null) bytes.addAndGet(-replaced.size);
        return json;
    }
}
