package dev.assetgate.collections;

import java.util.List;

/**
 * Collection fields as a client sent them; null means "not given" (defaults on create, unchanged on
 * update). {@code data}, when given, replaces the whole saved query.
 */
public record CollectionInput(String title, String type, String visibility, Data data) {

    /** The {@code data} member: the saved query; null members take their defaults. */
    public record Data(String q, String folder, Boolean recursive, String mime, List<String> labels, String labelsOperator,
                       String groupby) {}
}
