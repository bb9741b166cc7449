package dev.assetgate.audit;

import java.time.Instant;
import java.util.Set;

/**
 * What an audit query may see and asks for. {@code reachable} null means every event of the company
 * (a company-wide key, company-level events included); otherwise only events of those projects.
 * {@code kind} is an exact kind or a prefix ("key" matches "key.*"). {@code from} is inclusive,
 * {@code to} exclusive; {@code after} continues a page (newest first).
 */
public record AuditFilter(String companyId, Set<String> reachable, String project, String keyId, String kind,
                          Instant from, Instant to, Cursor after, int limit) {

    /** Where a page ended: the last event's time and sequence number. */
    public record Cursor(Instant at, long seq) {
        public String encode() {
            return at.toEpochMilli() + "-" + seq;
        }

        /** Null when the text is not a cursor this server made. */
        public static Cursor decode(String text) {
            if (text == null || !text.matches("\\d{1,15}-\\d{1,18}")) return null;
            int dash = text.indexOf('-');
            return new Cursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, dash))), Long.parseLong(text.substring(dash + 1)));
        }
    }
}
