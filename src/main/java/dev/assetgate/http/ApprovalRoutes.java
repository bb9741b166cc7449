package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_APPROVAL_MANAGE;
import static dev.assetgate.access.Permission.OBJECTS_APPROVAL_VOTE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.Need;
import dev.assetgate.approvals.Approval;
import dev.assetgate.approvals.ApprovalQuery;
import dev.assetgate.approvals.ApprovalRequest;
import dev.assetgate.approvals.ApprovalRule;
import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.approvals.ApprovalStatus;
import dev.assetgate.approvals.Approver;
import dev.assetgate.approvals.Decision;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.Page;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Approval requests (our own design: Filerobot documents only the statuses). Requesting and
 * cancelling need OBJECTS_APPROVAL_MANAGE, voting OBJECTS_APPROVAL_VOTE, reading either. A SASS key
 * requests approvals only on files it may read and sees only requests whose files all are.
 */
public final class ApprovalRoutes {
    private final ApprovalService approvals;
    private final AssetService assets;

    public ApprovalRoutes(ApprovalService approvals, AssetService assets) {
        this.approvals = approvals;
        this.assets = assets;
    }

    public void register(RouteTable routes) {
        routes.project(POST, "/approvals", Need.all(OBJECTS_APPROVAL_MANAGE), this::create);
        routes.project(GET, "/approvals", Need.any(OBJECTS_APPROVAL_MANAGE, OBJECTS_APPROVAL_VOTE), this::list);
        routes.project(GET, "/approvals/{uuid}", Need.any(OBJECTS_APPROVAL_MANAGE, OBJECTS_APPROVAL_VOTE), this::details);
        routes.project(POST, "/approvals/{uuid}/votes", Need.all(OBJECTS_APPROVAL_VOTE), this::vote);
        routes.project(POST, "/approvals/{uuid}/cancel", Need.all(OBJECTS_APPROVAL_MANAGE), this::cancel);
    }

    private void create(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        ApprovalRequest request = new ApprovalRequest(Fields.ids(body, "files_uuids"), Fields.strings(body, "approvers"),
                rule(body.get("rule")), dueDate(Fields.optionalText(body, "due_date")), Fields.optionalText(body, "message"));
        // Every file must exist and be readable by the caller (a SASS key's listing scope) before anything is stored.
        List<FileGrant> files = request.fileUuids().stream().map(uuid -> call.access.readFile(assets.file(call.token(), uuid))).toList();
        Approval approval = approvals.request(call.token(), request, files, call.principal.id());
        call.ok(answer("approval_requested", approval));
    }

    private void list(ProjectCall call) {
        Listing listing = Listing.from(call);
        ApprovalQuery query = new ApprovalQuery(statuses(call.query("status")), call.query("file_uuid"), call.query("approver"),
                overdue(call.query("overdue")), approvals.now(), call.access.listScope(), listing.limit(), listing.offset());
        Page<Approval> page = approvals.list(call.token(), query);
        Instant now = approvals.now();
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("approvals");
        page.items().forEach(a -> list.add(json(a, now)));
        body.putObject("info").put("total_approvals_count", page.total());
        body.put("limit", listing.limit()).put("offset", listing.offset());
        call.ok(body);
    }

    private void details(ProjectCall call) {
        Approval approval = approvals.get(call.token(), call.ctx.pathParam("uuid"), call.access.listScope());
        call.ok(answer(null, approval));
    }

    private void vote(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        String approver = Fields.text(body, "approver");
        String decisionText = Fields.text(body, "decision");
        Decision decision = Decision.parse(decisionText).orElseThrow(() ->
                ApiError.INVALID_PARAMETER.with("decision must be \"approve\" or \"reject\", got '" + decisionText + "'"));
        String comment = Fields.optionalText(body, "comment");
        Approval approval = approvals.vote(call.token(), call.ctx.pathParam("uuid"), call.access.listScope(), approver, decision, comment,
                call.principal.id());
        call.ok(answer("approval_voted", approval));
    }

    private void cancel(ProjectCall call) {
        Approval approval = approvals.cancel(call.token(), call.ctx.pathParam("uuid"), call.access.listScope());
        call.ok(answer("approval_cancelled", approval));
    }

    // ------------------------------------------------------------------ parsing

    /** "all" (the default), "any", or {"quorum": n}. */
    static ApprovalRule rule(JsonNode node) {
        if (node == null || node.isNull()) {
            return ApprovalRule.ALL;
        }
        if (node.isTextual()) {
            return switch (node.asText().trim().toLowerCase(Locale.ROOT)) {
                case "all" -> ApprovalRule.ALL;
                case "any" -> ApprovalRule.ANY;
                default -> throw badRule();
            };
        }
        if (node.isObject() && node.size() == 1 && node.has("quorum")) {
            JsonNode n = node.get("quorum");
            if (!n.isInt()) {
                throw ApiError.INVALID_PARAMETER.with("rule.quorum must be a whole number");
            }
            return ApprovalRule.quorumOf(n.asInt());
        }
        throw badRule();
    }

    private static RuntimeException badRule() {
        return ApiError.INVALID_PARAMETER.with("rule must be \"all\", \"any\" or {\"quorum\": n}");
    }

    /** An ISO-8601 instant ("2026-12-01T17:00:00Z", an offset is allowed) or a date, due at the end of that day (UTC). */
    static Instant dueDate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.INVALID_PARAMETER.with("due_date must be an ISO-8601 date (2026-12-01) or time (2026-12-01T17:00:00Z), got '"
                    + text + "'");
        }
    }

    private static Set<ApprovalStatus> statuses(String text) {
        Set<ApprovalStatus> out = EnumSet.noneOf(ApprovalStatus.class);
        if (text == null) return out;
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            out.add(ApprovalStatus.parse(part).orElseThrow(() -> ApiError.INVALID_PARAMETER.with(
                    "status must be PENDING, APPROVED, REJECTED or CANCELLED (comma-separated), got '" + part.trim() + "'")));
        }
        return out;
    }

    private static Boolean overdue(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiError.INVALID_PARAMETER.with("overdue must be 1, 0, true or false, got '" + text + "'");
        };
    }

    // ------------------------------------------------------------------ rendering

    private ObjectNode answer(String action, Approval approval) {
        ObjectNode body = Json.success();
        if (action != null) {
            body.put("action", action);
        }
        body.set("approval", json(approval, approvals.now()));
        return body;
    }

    static ObjectNode json(Approval a, Instant now) {
        ObjectNode o = Json.object();
        o.put("uuid", a.uuid());
        o.put("status", a.status().name());
        switch (a.rule().kind()) {
            case ALL -> o.put("rule", "all");
            case ANY -> o.put("rule", "any");
            case QUORUM -> o.putObject("rule").put("quorum", a.rule().quorum());
        }
        o.put("required_approvals", a.requiredApprovals());
        o.putObject("counts").put("approved", a.approvedCount()).put("rejected", a.rejectedCount())
                .put("waiting", a.approvers().size() - a.approvedCount() - a.rejectedCount());
        if (a.message() == null) o.putNull("message");
        else o.put("message", a.message());
        putTime(o, "due_date", a.dueDate());
        o.put("overdue", a.overdue(now));
        o.set("files_uuids", Json.MAPPER.valueToTree(a.fileUuids()));
        ArrayNode approvers = o.putArray("approvers");
        for (Approver p : a.approvers()) {
            ObjectNode v = approvers.addObject().put("approver", p.name());
            if (p.decision() == null) v.putNull("decision");
            else v.put("decision", p.decision().wire());
            if (p.comment() == null) v.putNull("comment");
            else v.put("comment", p.comment());
            putTime(v, "voted_at", p.votedAt());
            if (p.votedBy() == null) v.putNull("voted_by");
            else v.put("voted_by", p.votedBy());
        }
        o.put("requested_by", a.requestedBy());
        putTime(o, "created_at", a.createdAt());
        putTime(o, "updated_at", a.updatedAt());
        putTime(o, "closed_at", a.closedAt());
        return o;
    }

    private static void putTime(ObjectNode o, String field, Instant time) {
        if (time == null) o.putNull(field);
        else o.put(field, AssetJson.time(time));
    }
}
