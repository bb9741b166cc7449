package dev.assetgate.access;

import dev.assetgate.error.ApiError;
import dev.assetgate.net.GeoIp;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.templates.SassPrincipal;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The access decision. A loaded {@link Principal} and the request are evaluated over an ordered list
 * of small checks, cheapest first, each returning a {@link Denial} or null:
 * <ol>
 *   <li>the key reaches the project (an unknown project answers the same, so keys cannot probe tenants);
 *   <li>the key holds the permissions the route declared, and an upload-only principal (an Airbox,
 *       an upload policy) is on a route that counts uploads;
 *   <li>a SASS key's channel: HTTPS only, then the browser's origin (Origin, else Referer);
 *   <li>a SASS key's IP ranges, then its countries (a database lookup).
 * </ol>
 * What passes becomes an {@link Access}: the per-request object that checks each target the call
 * touches against the folder scopes and hands out grants, and runs the consuming step (counted
 * limits) last.
 */
public final class Decider {
    /** One small check of the request as a whole; null when it passes. */
    @FunctionalInterface
    interface Check {
        Denial check(AccessRequest request);
    }

    private final Function<String, Optional<Project>> projects;
    private final GeoIp geoIp;
    private final Limits limits;
    private final List<Check> checks = List.of(Decider::reachesProject, Decider::holdsPermission, Decider::uploadsOnly, Decider::channel, this::network);

    public Decider(Function<String, Optional<Project>> projects, GeoIp geoIp, Limits limits) {
        this.projects = projects;
        this.geoIp = geoIp;
        this.limits = limits;
    }

    /** Decides a project route: the access of this request, or the refusal of its first failing check. */
    public Access decide(Principal principal, String token, Need need, InetAddress client, Channel channel) {
        AccessRequest request = new AccessRequest(principal, token, projects.apply(token), need, client, channel);
        Denial denial = evaluate(request).orElse(null);
        if (denial != null) throw denial.refusal();
        return new Access(principal, request.project().orElseThrow(), client, need.count(), limits);
    }

    /** The first denial of the request, in the order of the checks; empty when every check passes. */
    public Optional<Denial> evaluate(AccessRequest request) {
        for (Check check : checks) {
            Denial denial = check.check(request);
            if (denial != null) return Optional.of(denial);
        }
        return Optional.empty();
    }

    /**
     * Decides a management route (projects, keys, templates, audit): only an API secret key manages,
     * and it must hold what the route declared. {@code key} is null when a SASS key was presented.
     * Returns the key.
     */
    public static ApiKeyRecord manage(ApiKeyRecord key, Need need) {
        Denial denial = key == null
                ? Denial.of("sass_key_on_management", ApiError.PERMISSION_DENIED,
                        "the management API needs an API secret key, not a SASS key", null)
                : need.deny(key.permissions());
        if (denial != null) throw denial.refusal();
        return key;
    }

    /** The project a management call names, when the API key reaches it (an unknown one answers the same). */
    public Project project(ApiKeyRecord key, String token) {
        AccessRequest request = new AccessRequest(new ApiKeyPrincipal(key), token, projects.apply(token), Need.authenticated(), null, Channel.PLAIN);
        Denial denial = reachesProject(request);
        if (denial != null) throw denial.refusal();
        return request.project().orElseThrow();
    }

    private static Denial reachesProject(AccessRequest r) {
        if (r.project().filter(r.principal()::reaches).isPresent()) return null;
        return Denial.of("project_not_reached", ApiError.PROJECT_NOT_ALLOWED, "this key is not valid for project '" + r.token() + "'", null);
    }

    private static Denial holdsPermission(AccessRequest r) {
        return r.need().deny(r.principal().permissions());
    }

    private static Denial uploadsOnly(AccessRequest r) {
        if (!r.principal().uploadsOnly() || r.need().count() == Count.UPLOAD) return null;
        // its FILE_UPLOAD must not open routes that need no permission at all (tags, filters, settings)
        return Denial.of("upload_only", ApiError.PERMISSION_DENIED, "an Airbox link or an upload policy may only upload files",
                "Upload the file with POST files (or PUT files); anything else needs a key.");
    }

    private static Denial channel(AccessRequest r) {
        if (!(r.principal() instanceof SassPrincipal sass)) return null;
        return ChannelRule.deny(sass.policy().spec().httpsOnly(), sass.policy().origins(), r.channel());
    }

    private Denial network(AccessRequest r) {
        if (!(r.principal() instanceof SassPrincipal sass)) return null;
        return NetworkRule.deny(sass.policy().ipRanges(), sass.policy().countries(), geoIp, r.client());
    }
}
