package dev.assetgate.templates;

import java.time.Instant;

/**
 * A stored Security Template ({@code SECU_} + 32 uppercase hex) of one project. {@code version}
 * grows on every change; SASS keys carry the version they were minted from, so an edit revokes them.
 * {@code inline} templates hold the rules of one key minted by {@code POST /{token}/key} and are not
 * listed as templates.
 */
public record SecurityTemplate(String id, String project, long version, boolean inline, TemplateSpec spec,
                               Instant createdAt, Instant updatedAt) {

    public boolean active() {
        return spec.active();
    }
}
