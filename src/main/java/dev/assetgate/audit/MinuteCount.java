package dev.assetgate.audit;

import java.time.Instant;

/** Requests and refusals in one minute, of one project ("" outside any project) of one company. */
public record MinuteCount(String companyId, String project, Instant minute, long requests, long refusals) {}
