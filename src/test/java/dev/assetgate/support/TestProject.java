package dev.assetgate.support;

/**
 * A new project on a test server with the usual cast: an API key with every permission of the
 * project ({@link #admin} for the management API, {@link #api} for the project's own paths), and
 * Security Templates and SASS keys on demand. A test (or {@code @BeforeEach}) that takes a
 * {@code TestProject} parameter gets a fresh one, so tests share a server but not their data.
 */
public final class TestProject {
    public final TestServer server;
    public final String token;
    /** Every permission of the project; paths as written ({@code /admin/v1/...}). */
    public final Api admin;
    /** The same key with every path under {@code /{token}}. */
    public final Api api;

    private TestProject(TestServer server, String token) {
        this.server = server;
        this.token = token;
        this.admin = server.allKey(token);
        this.api = admin.in(token);
    }

    /** A project with a token no other test of this JVM uses. */
    public static TestProject create(TestServer server) {
        return new TestProject(server, server.createProject());
    }

    public static TestProject create(TestServer server, String token) {
        server.createProject(token);
        return new TestProject(server, token);
    }

    /** A new Security Template with these rules (the management API's JSON); returns its id. */
    public String template(String templateJson) {
        return SassKeys.template(admin, token, templateJson);
    }

    /** A client for this project holding a SASS key minted from a new template with these rules. */
    public Api sass(String templateJson) {
        return SassKeys.mint(server, admin, token, templateJson);
    }
}
