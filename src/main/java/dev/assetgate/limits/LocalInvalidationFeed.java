package dev.assetgate.limits;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The feed of a single node: messages go straight to this process's listeners. */
public final class LocalInvalidationFeed implements InvalidationFeed {
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String message) {
        listeners.forEach(l -> l.accept(message));
    }

    @Override
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
    }
}
