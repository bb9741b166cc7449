package dev.assetgate.access;

import dev.assetgate.store.ApiKeyRecord;

/** A freshly created key: the record plus the secret, which is shown this once and never again. */
public record CreatedKey(ApiKeyRecord key, String secret) {}
