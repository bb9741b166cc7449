package dev.assetgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.assets.UploadLimit;
import dev.assetgate.limits.Reservation;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.http.Json;
import dev.assetgate.net.GeoIp;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Project;
import dev.assetgate.templates.SassClaims;
import dev.assetgate.templates.SassPrincipal;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplatePolicy;
import dev.assetgate.templates.TemplateSpec;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The decider on its own, without a server: each outcome of each check, and the order they run in. */
class DeciderTest {
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Project PROJECT = new Project("proj", "uuid-proj", "company", "Project", NOW);
    static final Project OTHER = new Project("other", "uuid-other", "company", "Other", NOW);
    static final Map<String, Project> PROJECTS = Map.of("proj", PROJECT, "other", OTHER);
    static final InetAddress FRENCH = address("203.0.113.9");
    static final InetAddress OUTSIDE = address("198.51.100.1");

    /** Counts what the consuming step was asked to count, so a test sees that a refusal spent nothing. */
    static final class RecordingLimits implements Limits {
        final List<String> counted = new ArrayList<>();

        @Override
        public Reservation reserveUpload(Principal principal, InetAddress client) {
            counted.add("upload");
            return Reservation.nothing();
        }

        @Override
        public Reservation reserveUploadBytes(Principal principal, long bytes) {
            counted.add("bytes:" + bytes);
            return Reservation.nothing();
        }

        @Override
        public boolean countsBytes(Principal principal) {
            return false;
        }

        @Override
        public Reservation reserveListing(Principal principal) {
            counted.add("listing");
            return Reservation.nothing();
        }

        @Override
        public UploadLimit fileLimit(Principal principal) {
            return new UploadLimit(1000, "upload.max_file_size");
        }

        @Override
        public dev.assetgate.assets.ContentRule contentRule(Principal principal) {
            return dev.assetgate.assets.ContentRule.ANY;
        }
    }

    final RecordingLimits limits = new RecordingLimits();
    final GeoIp geo = address -> Optional.of(address.equals(FRENCH) ? "FR" : "US");
    final Decider decider = new Decider(token -> Optional.ofNullable(PROJECTS.get(token)), geo, limits);

    static ApiKeyPrincipal apiKey(Permission... permissions) {
        return new ApiKeyPrincipal(new ApiKeyRecord("KEY_1", "company", "abcd", "test", PermissionSet.of(permissions), false,
                Set.of("proj"), true, null, NOW, null));
    }

    /** A SASS key of project "proj" from a template with these rules (JSON as the management API takes it). */
    static SassPrincipal sass(String templateJson) {
        TemplateSpec spec = TemplateSpec.parse(Json.parseInput(templateJson.getBytes(), "template"));
        SecurityTemplate template = new SecurityTemplate("SECU_1", "proj", 1, 1, false, false, spec, NOW, NOW);
        return new SassPrincipal(new SassClaims("SASS_KEY_1", "proj", "SECU_1", 1, NOW, NOW.plusSeconds(3600)),
                TemplatePolicy.compile(template));
    }

    static FileRecord fileIn(String folder) {
        return new FileRecord("file-1", "proj", "folder-1", folder, "f.txt", 1, "text/plain", "sha", "blob", "{}", "{}", "{}", NOW, NOW);
    }

    static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<Denial> evaluate(Principal principal, String token, Need need, InetAddress client) {
        return evaluate(principal, token, need, client, Channel.PLAIN);
    }

    Optional<Denial> evaluate(Principal principal, String token, Need need, InetAddress client, Channel channel) {
        return decider.evaluate(new AccessRequest(principal, token, Optional.ofNullable(PROJECTS.get(token)), need, client, channel));
    }

    static void assertRefused(Runnable call, ApiError error, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error).isEqualTo(error);
            assertThat(e.getMessage() + " " + e.hint).contains(messagePart);
        });
    }

    @Nested
    class Allowed {
        @Test
        void anApiKeyHoldingThePermissionOfItsProjectPassesEveryCheck() {
            assertThat(evaluate(apiKey(Permission.OBJECTS_LIST), "proj", Need.all(Permission.OBJECTS_LIST), OUTSIDE)).isEmpty();
        }

        @Test
        void aSassKeyInsideItsNetworkRulesPasses() {
            SassPrincipal key = sass("""
                    {"permissions":["OBJECTS_LIST"],"restrictions":{"whitelist_ip_ranges":["203.0.113.0/24"],"whitelist_countries":["FR"]}}""");
            assertThat(evaluate(key, "proj", Need.all(Permission.OBJECTS_LIST), FRENCH)).isEmpty();
        }

        @Test
        void anyOfIsSatisfiedByOnePermission() {
            assertThat(evaluate(apiKey(Permission.FILE_MOVE), "proj", Need.any(Permission.FILE_UPLOAD, Permission.FILE_MOVE), OUTSIDE)).isEmpty();
        }

        @Test
        void decideHandsOutTheAccessOfTheProject() {
            Access access = decider.decide(apiKey(Permission.OBJECTS_LIST), "proj", Need.all(Permission.OBJECTS_LIST), OUTSIDE, Channel.PLAIN);
            assertThat(access.project()).isEqualTo(PROJECT);
            assertThat(limits.counted).isEmpty();
        }
    }

    @Nested
    class ProjectDenied {
        @Test
        void aProjectTheKeyDoesNotReachAndAnUnknownOneAnswerTheSame() {
            Denial other = evaluate(apiKey(Permission.OBJECTS_LIST), "other", Need.all(Permission.OBJECTS_LIST), OUTSIDE).orElseThrow();
            Denial unknown = evaluate(apiKey(Permission.OBJECTS_LIST), "nope", Need.all(Permission.OBJECTS_LIST), OUTSIDE).orElseThrow();
            assertThat(other.error()).isEqualTo(ApiError.PROJECT_NOT_ALLOWED);
            assertThat(unknown.error()).isEqualTo(other.error());
            assertThat(unknown.reason()).isEqualTo(other.reason()).isEqualTo("project_not_reached");
            assertThat(other.status()).isEqualTo(403);
        }

        @Test
        void isCheckedBeforeThePermission() {
            Denial d = evaluate(apiKey(), "other", Need.all(Permission.OBJECTS_LIST), OUTSIDE).orElseThrow();
            assertThat(d.error()).isEqualTo(ApiError.PROJECT_NOT_ALLOWED);
        }
    }

    @Nested
    class PermissionDenied {
        @Test
        void aMissingPermissionIsNamed() {
            Denial d = evaluate(apiKey(Permission.OBJECTS_LIST), "proj", Need.all(Permission.OBJECTS_LIST, Permission.FILE_DELETE), OUTSIDE)
                    .orElseThrow();
            assertThat(d.error()).isEqualTo(ApiError.PERMISSION_DENIED);
            assertThat(d.reason()).isEqualTo("permission_missing");
            assertThat(d.message()).contains("FILE_DELETE").doesNotContain("OBJECTS_LIST");
        }

        @Test
        void isCheckedBeforeTheNetwork() {
            SassPrincipal key = sass("""
                    {"permissions":["OBJECTS_LIST"],"restrictions":{"whitelist_ip_ranges":["203.0.113.0/24"]}}""");
            assertThat(evaluate(key, "proj", Need.all(Permission.FILE_UPLOAD), OUTSIDE).orElseThrow().error())
                    .isEqualTo(ApiError.PERMISSION_DENIED);
        }

        @Test
        void theManagementApiRefusesASassKeyAndAKeyWithoutThePermission() {
            assertRefused(() -> Decider.manage(null, Need.all(Permission.CONFIG_LIST)), ApiError.PERMISSION_DENIED, "SASS");
            assertRefused(() -> Decider.manage(apiKey(Permission.CONFIG_LIST).key(), Need.all(Permission.CONFIG_CHANGE)),
                    ApiError.PERMISSION_DENIED, "CONFIG_CHANGE");
            assertThat(Decider.manage(apiKey(Permission.CONFIG_LIST).key(), Need.all(Permission.CONFIG_LIST)).id()).isEqualTo("KEY_1");
        }
    }

    @Nested
    class ChannelDenied {
        final SassPrincipal key = sass("""
                {"permissions":["OBJECTS_LIST"],"restrictions":{"https_only":true,"allowed_origins":["https://*.example.com"],
                 "whitelist_ip_ranges":["203.0.113.0/24"]}}""");

        @Test
        void plainHttpIsRefusedBeforeTheOriginAndTheNetworkAreLookedAt() {
            Denial d = evaluate(key, "proj", Need.all(Permission.OBJECTS_LIST), OUTSIDE, new Channel("https://evil.org", false)).orElseThrow();
            assertThat(d.error()).isEqualTo(ApiError.HTTPS_REQUIRED);
            assertThat(d.hint()).isEqualTo("Rule: restrictions.https_only");
        }

        @Test
        void anOriginOutsideTheListIsRefusedAndOneInsideOrNonePasses() {
            Denial d = evaluate(key, "proj", Need.all(Permission.OBJECTS_LIST), FRENCH, Channel.of(null, "https://example.com/x", true))
                    .orElseThrow();
            assertThat(d.error()).isEqualTo(ApiError.ORIGIN_NOT_ALLOWED);
            assertThat(d.reason()).isEqualTo("origin_not_listed");
            assertThat(evaluate(key, "proj", Need.all(Permission.OBJECTS_LIST), FRENCH, Channel.of("https://a.example.com", null, true))).isEmpty();
            assertThat(evaluate(key, "proj", Need.all(Permission.OBJECTS_LIST), FRENCH, Channel.of(null, null, true))).isEmpty();
        }

        @Test
        void anApiKeyHasNoChannelRule() {
            assertThat(evaluate(apiKey(Permission.OBJECTS_LIST), "proj", Need.all(Permission.OBJECTS_LIST), OUTSIDE,
                    new Channel("https://evil.org", false))).isEmpty();
        }
    }

    @Nested
    class NetworkDenied {
        @Test
        void anAddressOutsideTheRangesIsRefusedBeforeTheCountryIsLookedUp() {
            List<InetAddress> looked = new ArrayList<>();
            Decider counting = new Decider(token -> Optional.of(PROJECT), address -> {
                looked.add(address);
                return Optional.of("FR");
            }, limits);
            SassPrincipal key = sass("""
                    {"permissions":["OBJECTS_LIST"],"restrictions":{"whitelist_ip_ranges":["203.0.113.0/24"],"whitelist_countries":["FR"]}}""");
            Denial d = counting.evaluate(new AccessRequest(key, "proj", Optional.of(PROJECT), Need.all(Permission.OBJECTS_LIST), OUTSIDE, Channel.PLAIN))
                    .orElseThrow();
            assertThat(d.error()).isEqualTo(ApiError.IP_NOT_ALLOWED);
            assertThat(d.reason()).isEqualTo("ip_not_in_ranges");
            assertThat(looked).isEmpty();
        }

        @Test
        void aCountryOutsideTheListIsRefused() {
            SassPrincipal key = sass("""
                    {"permissions":["OBJECTS_LIST"],"restrictions":{"whitelist_countries":["FR"]}}""");
            Denial d = evaluate(key, "proj", Need.all(Permission.OBJECTS_LIST), OUTSIDE).orElseThrow();
            assertThat(d.error()).isEqualTo(ApiError.COUNTRY_NOT_ALLOWED);
            assertThat(d.message()).contains("US");
        }

        @Test
        void countriesWithoutAGeoIpDatabaseFailClosed() {
            Decider blind = new Decider(token -> Optional.of(PROJECT), GeoIp.NONE, limits);
            SassPrincipal key = sass("""
                    {"permissions":["OBJECTS_LIST"],"restrictions":{"whitelist_countries":["FR"]}}""");
            Denial d = blind.evaluate(new AccessRequest(key, "proj", Optional.of(PROJECT), Need.all(Permission.OBJECTS_LIST), FRENCH, Channel.PLAIN))
                    .orElseThrow();
            assertThat(d.error()).isEqualTo(ApiError.COUNTRY_NOT_ALLOWED);
            assertThat(d.reason()).isEqualTo("no_geoip_database");
        }

        @Test
        void anApiKeyHasNoNetworkRule() {
            assertThat(evaluate(apiKey(Permission.OBJECTS_LIST), "proj", Need.all(Permission.OBJECTS_LIST), null)).isEmpty();
        }
    }

    @Nested
    class ScopeDenied {
        final SassPrincipal key = sass("""
                {"permissions":["OBJECTS_LIST","FILE_UPLOAD"],"upload":{"dir_scope":["/up/*"]},"listing":{"dir_scope":["/docs/a/*"]}}""");

        Access access(Count count) {
            return decider.decide(key, "proj", Need.all(Permission.OBJECTS_LIST).counting(count), null, Channel.PLAIN);
        }

        @Test
        void aFolderOutsideTheUploadScopeIsRefusedNamingTheRule() {
            assertRefused(() -> access(Count.NONE).writeFolder("/elsewhere"), ApiError.FOLDER_NOT_ALLOWED, "/elsewhere");
            assertThat(access(Count.NONE).writeFolder("/up/2026").path()).isEqualTo("/up/2026");
        }

        @Test
        void aWholeFolderNeedsItsSubtreeInScope() {
            SassPrincipal exact = sass("""
                    {"permissions":["DIR_DELETE"],"upload":{"dir_scope":["/up"]}}""");
            Access access = decider.decide(exact, "proj", Need.all(Permission.DIR_DELETE), null, Channel.PLAIN);
            assertThat(access.writeFolder("/up").reach()).isEqualTo(FolderGrant.Reach.WRITE);
            assertRefused(() -> access.writeSubtree("/up"), ApiError.FOLDER_NOT_ALLOWED, "/up/*");
        }

        @Test
        void anAncestorOfTheListScopeMayBeListedButNotRead() {
            Access access = access(Count.NONE);
            assertThat(access.listFolder("/docs").reach()).isEqualTo(FolderGrant.Reach.LIST);
            assertRefused(() -> access.readFolder("/docs"), ApiError.FOLDER_NOT_ALLOWED, "listing.dir_scope");
            assertRefused(() -> access.listFolder("/other"), ApiError.FOLDER_NOT_ALLOWED, "/other");
        }

        @Test
        void aFileIsReadableOrWritableByItsFolder() {
            Access access = access(Count.NONE);
            assertThat(access.readFile(fileIn("/docs/a/b")).file().folderPath()).isEqualTo("/docs/a/b");
            assertRefused(() -> access.writeFile(fileIn("/docs/a/b")), ApiError.FOLDER_NOT_ALLOWED, "upload.dir_scope");
        }

        @Test
        void aReadGrantCannotBeUsedForAChange() {
            FileGrant read = access(Count.NONE).readFile(fileIn("/docs/a"));
            assertThatThrownBy(read::requireWritable).isInstanceOf(IllegalStateException.class);
            FolderGrant list = access(Count.NONE).listFolder("/docs");
            assertThatThrownBy(() -> list.require(FolderGrant.Reach.READ)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void anApiKeyReachesEveryFolder() {
            Access access = decider.decide(apiKey(Permission.OBJECTS_LIST), "proj", Need.all(Permission.OBJECTS_LIST), null, Channel.PLAIN);
            assertThat(access.writeSubtree("/").path()).isEqualTo("/");
            assertThat(access.readSubtree("/anything").reach()).isEqualTo(FolderGrant.Reach.READ_SUBTREE);
        }
    }

    @Nested
    class Counting {
        final SassPrincipal key = sass("""
                {"permissions":["OBJECTS_LIST","FILE_UPLOAD"],"upload":{"dir_scope":["/up/*"]}}""");

        @Test
        void aListingRouteCountsOnceWhenAskedAndNotAgainWhenItAnswers() {
            Access access = decider.decide(key, "proj", Need.all(Permission.OBJECTS_LIST).counting(Count.LISTING), null, Channel.PLAIN);
            access.admitListing();
            access.countDeclared();
            assertThat(limits.counted).containsExactly("listing");
        }

        @Test
        void aListingRouteThatForgotToAskIsCountedBeforeItAnswers() {
            Access access = decider.decide(key, "proj", Need.all(Permission.OBJECTS_LIST).counting(Count.LISTING), null, Channel.PLAIN);
            access.countDeclared();
            assertThat(limits.counted).containsExactly("listing");
        }

        @Test
        void aRouteCountsOnlyWhatItDeclared() {
            Access access = decider.decide(key, "proj", Need.all(Permission.OBJECTS_LIST), null, Channel.PLAIN);
            access.countDeclared();
            assertThatThrownBy(access::admitListing).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> access.admitUpload(access.writeFolder("/up"), 10)).isInstanceOf(IllegalStateException.class);
            assertThat(limits.counted).isEmpty();
        }

        @Test
        void anUploadIsCountedAfterItsFolderIsGrantedAndCarriesTheSizeLimit() {
            Access access = decider.decide(key, "proj", Need.all(Permission.FILE_UPLOAD).counting(Count.UPLOAD), null, Channel.PLAIN);
            assertRefused(() -> access.admitUpload(access.writeFolder("/elsewhere"), 10), ApiError.FOLDER_NOT_ALLOWED, "/elsewhere");
            assertThat(limits.counted).as("a refused scope spends nothing").isEmpty();
            UploadGrant grant = access.admitUpload(access.writeFolder("/up/a"), 10);
            assertThat(grant.folder()).isEqualTo("/up/a");
            assertThat(grant.limit().bytes()).isEqualTo(1000);
            assertThat(limits.counted).containsExactly("upload");
        }

        @Test
        void aRefusalOfTheEntryChecksCountsNothing() {
            assertRefused(() -> decider.decide(key, "proj", Need.all(Permission.FILE_DELETE).counting(Count.LISTING), null, Channel.PLAIN),
                    ApiError.PERMISSION_DENIED, "FILE_DELETE");
            assertThat(limits.counted).isEmpty();
        }
    }

    @Test
    void aDenialBecomesTheErrorWithItsHintAndHeaders() {
        Denial d = Denial.from("listing_max", ApiError.RATE_LIMITED.with("listing limit reached", "Rule: listing.max").header("Retry-After", "5"));
        ApiException e = d.refusal();
        assertThat(e.error).isEqualTo(ApiError.RATE_LIMITED);
        assertThat(e.hint).isEqualTo("Rule: listing.max");
        assertThat(e.headers()).containsEntry("Retry-After", "5");
        assertThat(d.status()).isEqualTo(429);
    }
}
