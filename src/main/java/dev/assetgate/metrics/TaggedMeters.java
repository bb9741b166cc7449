package dev.assetgate.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One meter per combination of tag values, registered once and then found in a map. Micrometer's
 * {@link MeterProvider#withTags} builds, sorts and looks up a meter id on every call, which showed in
 * the profile of the hot routes (issue 17: a few percent of a file-details request). The keys are
 * fixed; the values must be few (route templates, statuses, kinds), as for any label.
 */
public final class TaggedMeters<M extends Meter> {
    private final MeterProvider<M> provider;
    private final String[] keys;
    private final ConcurrentHashMap<List<String>, M> meters = new ConcurrentHashMap<>();

    public TaggedMeters(MeterProvider<M> provider, String... keys) {
        this.provider = provider;
        this.keys = keys.clone();
    }

    /** The meter of these values, in the order of the keys. */
    public M of(String... values) {
        List<String> key = List.of(values);
        M meter = meters.get(key);
        return meter != null ? meter : meters.computeIfAbsent(key, k -> provider.withTags(tags(values)));
    }

    private String[] tags(String... values) {
        if (values.length != keys.length) throw new IllegalArgumentException("expected values for " + List.of(keys));
        String[] tags = new String[2 * keys.length];
        for (int i = 0; i < keys.length; i++) {
            tags[2 * i] = keys[i];
            tags[2 * i + 1] = values[i];
        }
        return tags;
    }
}
