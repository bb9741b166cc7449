package dev.assetgate.http;

import dev.assetgate.audit.AuditLog;
import dev.assetgate.store.ApiKeyRecord;
import io.javalin.http.Context;

/** Management actions in the audit trail: who (the acting key), from where, by which request. */
final class Audit {
    private Audit() {}

    static AuditLog.Entry action(AuditLog audit, Context ctx, ApiKeyRecord actor, String kind) {
        return audit.entry(kind, actor.companyId()).key(actor.id()).ip(RequestFacts.clientIp(ctx).getHostAddress())
                .request(ctx.method().name(), ctx.path());
    }

    /** A key's project for its events: its only project, else none (a company-level event). */
    static String projectOf(ApiKeyRecord key) {
        return !key.companyWide() && key.projects().size() == 1 ? key.projects().iterator().next() : null;
    }
}
