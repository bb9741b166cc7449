package dev.assetgate.store;

import dev.assetgate.audit.AuditEvent;
import dev.assetgate.audit.AuditFilter;
import dev.assetgate.audit.MinuteCount;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Port: the audit trail and the per-minute request counts (every node adds to the same rows). */
public interface AuditStore {
    record StoredEvent(long seq, AuditEvent event) {}

    void append(List<AuditEvent> events);

    /** Newest first, at most {@code filter.limit()} events. */
    List<StoredEvent> find(AuditFilter filter);

    /** Adds these counts to what the rows already hold (creating them when missing). */
    void addMinutes(List<MinuteCount> counts);

    /**
     * Sums per minute in [from, to) of the company's rows: of {@code projects} when not null, else of
     * every project and the company-level row.
     */
    List<MinuteCount> minutes(String companyId, Set<String> projects, Instant from, Instant to);

    /** Deletes events and minute rows older than {@code before}; returns how many events went. */
    int prune(Instant before);
}
