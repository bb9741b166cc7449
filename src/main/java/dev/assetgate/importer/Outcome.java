package dev.assetgate.importer;

/** How one file ended; in a dry run, how it would. */
public record Outcome(String path, Kind kind, long bytes, String reason) {

    public enum Kind {
        /** Sent to the target. */
        UPLOADED,
        /** Already on the target with the same SHA-1 (an earlier run was stopped before it finished): its attributes were applied. */
        COMPLETED,
        /** Already on the target with the same SHA-1 and attributes. */
        SKIPPED,
        FAILED
    }

    static Outcome failed(String path, String reason) {
        return new Outcome(path, Kind.FAILED, 0, reason);
    }
}
