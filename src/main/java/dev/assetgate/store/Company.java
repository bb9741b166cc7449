package dev.assetgate.store;

import java.time.Instant;

/** A company owns projects; company-wide keys reach every project of their company. */
public record Company(String id, String name, Instant createdAt) {}
