package dev.assetgate.templates;

import java.time.Instant;

/**
 * A stored Security Template ({@code SECU_} + 32 uppercase hex) of one project. {@code version}
 * grows on every change; SASS keys carry the version they were minted at and follow the template's
 * current rules while that version is at least {@code keysValidFrom}, which only deactivation and
 * "revoke all keys" move. {@code inline} templates hold the rules of one key minted by
 * {@code POST /{token}/key} and are not listed as templates; {@code minterGone} says that the API key
 * that minted such a key was deleted, deactivated or has expired, which ends the key.
 */
public record SecurityTemplate(String id, String project, long version, long keysValidFrom, boolean inline, boolean minterGone,
                               TemplateSpec spec, Instant createdAt, Instant updatedAt) {

    public boolean active() {
        return spec.active();
    }

    /** A key minted at {@code keyVersion} is still one of this template's keys. */
    public boolean keeps(long keyVersion) {
        return keyVersion >= keysValidFrom;
    }

    /** What cache revalidation compares: any change of the row, or the minting API key going away. */
    public long stamp() {
        return minterGone ? -1 : version;
    }
}
