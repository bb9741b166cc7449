package dev.assetgate.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What file and folder meta must satisfy before it is stored (the project's metadata model): returns
 * the meta in stored form, or throws INVALID_PARAMETER naming what is refused.
 */
@FunctionalInterface
public interface MetaRules {
    /** Any keys, any values. */
    MetaRules FREE_FORM = (project, meta) -> meta;

    ObjectNode check(String project, ObjectNode meta);
}
