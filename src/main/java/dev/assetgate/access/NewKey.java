package dev.assetgate.access;

import java.time.Instant;
import java.util.Set;

/** What a caller asks for when creating (or, field by field, changing) an API secret key. */
public record NewKey(String description, PermissionSet permissions, boolean companyWide, Set<String> projects, Instant expiresAt) {}
