package dev.assetgate.limits;

import java.util.function.Consumer;

/**
 * Port: tells every node at once that cached access state changed, so a template edited,
 * deactivated or deleted, or a SASS key revoked, on one node is refused by all of them. A message is
 * a template id, {@code key:} + a SASS key id, or {@code api-key:} + an API key id (it was deleted or
 * changed: the keys it minted inline may have to go). Delivery is best effort (a node that missed a
 * message still sees the change when it next revalidates against the shared catalog, within a
 * second); {@link #publish} never fails the change that triggered it.
 * Implementations: in-process (one node) and Redis pub/sub (a cluster).
 */
public interface InvalidationFeed extends AutoCloseable {
    /** The message that announces the revocation of one SASS key. */
    String KEY_PREFIX = "key:";

    /** The message that announces a change of one API key. */
    String API_KEY_PREFIX = "api-key:";

    void publish(String message);

    /** Calls {@code listener} with every message published from now on, by any node (this one included). */
    void subscribe(Consumer<String> listener);

    @Override
    default void close() {}
}
