package dev.assetgate.support;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SASS keys for tests outside the template package: a template made through the management API,
 * exchanged for a key as a browser would. Servers minting many keys should raise
 * {@code key-exchange-per-minute}. {@link TestProject#sass} is the short way.
 */
public final class SassKeys {
    private SassKeys() {}

    /**
     * A client for {@code token} holding a SASS key minted from a new template with these rules
     * ({@code admin}: an API key of the project with every permission, without a project prefix).
     */
    public static Api mint(TestServer server, Api admin, String token, String templateJson) {
        return exchange(server, token, template(admin, token, templateJson));
    }

    /** A client for {@code token} holding a SASS key exchanged, without a key, from an existing template. */
    public static Api exchange(TestServer server, String token, String templateId) {
        Api.Response exchanged = server.anonymous.get("/" + token + "/key/" + templateId);
        assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
        return server.withKey(exchanged.json().path("key").asText()).in(token);
    }

    /** A new Security Template of {@code token} with these rules, made over the management API; returns its id. */
    public static String template(Api admin, String token, String templateJson) {
        Api.Response created = admin.postJson("/admin/v1/projects/" + token + "/security-templates", templateJson);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("security_template").path("id").asText();
    }
}
