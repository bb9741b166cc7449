package dev.assetgate.cli;

import dev.assetgate.Assetgate;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.store.ApiKeyRecord;

/** Management actions from the command line in the audit trail: no key, no IP, {@code detail.via = "cli"}. */
final class CliAudit {
    private CliAudit() {}

    static AuditLog.Entry action(Assetgate app, String kind, String project) {
        return app.audit.entry(kind, app.projects.defaultCompany().id()).project(project).detail("via", "cli");
    }

    /** A key's project for its events: its only project, else none (company-level), as over HTTP. */
    static String projectOf(ApiKeyRecord key) {
        return !key.companyWide() && key.projects().size() == 1 ? key.projects().iterator().next() : null;
    }
}
