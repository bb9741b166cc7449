package dev.assetgate.events;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Port: reading the event log (writing happens inside each change's transaction, see {@code store.jdbc.Outbox}). */
public interface EventStore {

    /** The events of one item of a project, newest first. */
    List<ChangeEvent> ofItem(String project, String itemUuid, int limit, int offset);

    long countOfItem(String project, String itemUuid);

    /** Newest first, at most {@code query.limit()} events. */
    List<ChangeEvent> find(Query query);

    /** Every event after {@code afterSeq}, oldest first (tests and tools that replay the log). */
    List<ChangeEvent> after(long afterSeq, int limit);

    /**
     * What an audit query asks for. {@code reachable} null: every project of the company (and its
     * company-level events); else only those projects. {@code kind} an exact kind or a prefix
     * ("file" matches "file.*"). {@code excludedItemTypes}: types left out. {@code beforeAt} (null: from the
     * newest) continues a page: events older than it, or at that time with a seq below {@code beforeSeq}.
     */
    record Query(String companyId, Set<String> reachable, String project, String keyId, String kind, String itemUuid,
                 Set<String> excludedItemTypes, Instant from, Instant to, Instant beforeAt, long beforeSeq, int limit) {}
}
