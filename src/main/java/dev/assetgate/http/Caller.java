package dev.assetgate.http;

import io.javalin.http.Context;

/**
 * Who a request turned out to be, filled in as the checks pass (ids only, never a secret), so
 * that a refusal can be recorded with what was known when it happened.
 */
final class Caller {
    private static final String ATTRIBUTE = "assetgate.caller";
    String companyId;
    String keyId;
    String templateId;
    String sassKeyId;
    /** The subject of a per-user SASS key ({@code sub}), recorded with its requests' audit entries. */
    String subject;
    /** The upload policy presented instead of a key, recorded with its requests' audit entries. */
    String policyId;
    /** The Airbox an upload went through (its uuid), when it came with X-Filerobot-Airbox-Puid. */
    String airbox;
    /** The key came from a console session cookie (its changes are recorded as the session's). */
    boolean viaSession;
    /** The project the call resolved to (token and company), once it has. */
    String project;
    String projectCompanyId;

    /** The id of the key verified for this request (API key, else SASS key), or null when none was. */
    static String keyIdOf(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        if (caller == null) return null;
        return caller.keyId != null ? caller.keyId : caller.sassKeyId;
    }

    static Caller of(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        if (caller == null) {
            caller = new Caller();
            ctx.attribute(ATTRIBUTE, caller);
        }
        return caller;
    }
}
