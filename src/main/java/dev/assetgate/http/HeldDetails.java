package dev.assetgate.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.store.FileDetails;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * File-details answers held as the bytes sent (issue 17: rendering a file's JSON was a fifth of a
 * details request's CPU). An answer is sent again only while what it was made from is the same:
 * <ul>
 *   <li>the same {@link FileDetails} object: the file-details cache replaces it on any change of its
 *       project made through this node, and reads it again once it is a second old, so a change made
 *       elsewhere, or of something else a rendering reads (a project's signing key, its image
 *       settings), is seen within a second, as with every such cache;</li>
 *   <li>the same request variant: base URL, API version and {@code format};</li>
 *   <li>for at most a second of the server's clock, since a rendering also reads the time (the expiry
 *       of a private file's signed preview URLs, an approval's overdue flag).</li>
 * </ul>
 * Answers that read more than the details (a metadata view typed by the project's model) are not
 * held: the route renders them each time. Bounded: at most {@link #MOST_ENTRIES}, then it starts over.
 */
final class HeldDetails {
    static final int MOST_ENTRIES = 4096;
    static final long HELD_MILLIS = 1000;

    private record Held(FileDetails read, String variant, long renderedAt, byte[] answer) {}

    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private final Clock clock;

    HeldDetails(Clock clock) {
        this.clock = clock;
    }

    /** The answer for {@code read} in this variant: held, or rendered now (and held). */
    byte[] answer(FileDetails read, String variant, Supplier<ObjectNode> render) {
        String uuid = read.file().uuid();
        long now = clock.millis();
        Held last = held.get(uuid);
        if (last != null && last.read == read && last.variant.equals(variant)
                && now >= last.renderedAt && now - last.renderedAt < HELD_MILLIS) {
            return last.answer;
        }
        byte[] answer = Json.bytes(render.get());
        if (held.size() >= MOST_ENTRIES) held.clear();
        held.put(uuid, new Held(read, variant, now, answer));
        return answer;
    }
}
