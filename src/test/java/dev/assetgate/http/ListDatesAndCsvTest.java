package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.Api;
import dev.assetgate.support.TestClock;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The list parameters {@code created_after|before}, {@code updated_after|before} (absolute and
 * relative dates) on {@code GET files} and {@code files/stats}, and {@code format=csv} on listings.
 */
@WithServer
class ListDatesAndCsvTest {
    static java.util.List<String> fileNames(com.fasterxml.jackson.databind.JsonNode files) {
        java.util.List<String> out = new java.util.ArrayList<>();
        files.forEach(f -> out.add(f.path("name").asText()));
        return out;
    }


    static List<String> names(Api api, String query) {
        Api.Response r = api.get("/v5/files?folder=/&recursive=1&sort=name" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return fileNames(r.json().path("files"));
    }

    static String upload(TestProject p, String folder, String name) {
        Api.Response r = p.api.upload(folder, name, name);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    @Test
    void createdAndUpdatedBoundsSelectFiles(TestServer server, TestClock clock, TestProject p) {
        upload(p, "/", "old.txt");
        Instant between = clock.instant().plusSeconds(1);
        clock.advance(Duration.ofDays(3));
        String mid = upload(p, "/", "mid.txt");
        clock.advance(Duration.ofDays(3));
        upload(p, "/d", "new.txt");
        clock.advance(Duration.ofHours(1));
        // touching mid.txt changes its modified_at, not its created_at
        assertThat(p.api.putJson("/v5/file/" + mid + "/meta", "{\"meta\":{\"k\":\"v\"}}").status()).isEqualTo(200);

        assertThat(names(p.api, "&created_after=" + Api.enc(between.toString()))).containsExactly("mid.txt", "new.txt");
        assertThat(names(p.api, "&created_before=" + Api.enc(between.toString()))).containsExactly("old.txt");
        assertThat(names(p.api, "&created_after=" + Api.enc("4 days ago"))).containsExactly("mid.txt", "new.txt");
        assertThat(names(p.api, "&created_after=" + Api.enc("2 days ago"))).containsExactly("new.txt");
        assertThat(names(p.api, "&created_after=" + Api.enc("5 days ago") + "&created_before=" + Api.enc("2 days ago")))
                .containsExactly("mid.txt");
        assertThat(names(p.api, "&updated_after=" + Api.enc("30 minutes ago"))).containsExactly("mid.txt");
        assertThat(names(p.api, "&updated_before=" + Api.enc("30 minutes ago"))).containsExactly("new.txt", "old.txt");
        // a Unix timestamp in seconds
        assertThat(names(p.api, "&created_before=" + between.getEpochSecond())).containsExactly("old.txt");
        // a day is the whole day: after it starts the next day; before it ends when it starts
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        assertThat(names(p.api, "&created_after=" + today)).isEmpty();
        assertThat(names(p.api, "&created_before=" + today.plusDays(1))).contains("new.txt");
        assertThat(names(p.api, "&created_after=today")).isEmpty();
        assertThat(names(p.api, "&created_after=now")).isEmpty();
        // far outside the stored years: the ends of time, no error
        assertThat(names(p.api, "&created_after=" + Api.enc("999999 years ago"))).hasSize(3);
        assertThat(names(p.api, "&created_before=" + Api.enc("999999999999"))).hasSize(3);
        assertThat(names(p.api, "&created_after=" + Api.enc("9999-12-31"))).isEmpty();
        assertThat(names(p.api, "&updated_after=" + Api.enc("+999999999-01-01T00:00:00Z"))).isEmpty();
        // files/stats counts the same files
        Api.Response stats = p.api.get("/v5/files/stats?folder=/&recursive=1&created_after=" + Api.enc("2 days ago"));
        assertThat(stats.json().path("stats").path("approx_files_count").asLong()).isEqualTo(1);
    }

    @Test
    void aDateThatIsNoDateIsRefused(TestProject p) {
        upload(p, "/", "a.txt");
        for (String bad : List.of("soon", "2024-13-01", "3 fortnights ago", "2024-05-01T25:00")) {
            Api.Response r = p.api.get("/v5/files?created_after=" + Api.enc(bad));
            assertThat(r.status()).as(bad + ": " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
            assertThat(r.json().path("msg").asText()).contains("created_after");
        }
        assertThat(p.api.get("/v5/files/stats?updated_before=yesterdayish").code()).isEqualTo("INVALID_PARAMETER");
    }

    static List<CSVRecord> csv(Api.Response r) throws Exception {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(r.text())).getRecords();
    }

    @Test
    void aListingAsCsvHasOneRowPerFileWithTagsAndMeta(TestProject p) throws Exception {
        String a = upload(p, "/docs", "a.txt");
        upload(p, "/docs", "b, c.txt");
        upload(p, "/other", "c.txt");
        p.api.putJson("/v5/file/" + a + "/meta", "{\"meta\":{\"title\":{\"en\":\"Alpha\"},\"code\":\"123\",\"n\":7,\"note\":\"plain, text\"}}");
        p.api.putJson("/v5/file/" + a + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"red\",\"blue\"]}");

        Api.Response r = p.api.get("/v5/files?folder=/docs&format=csv");
        List<CSVRecord> rows = csv(r);
        assertThat(rows).extracting(row -> row.get("name")).containsExactly("a.txt", "b, c.txt");
        CSVRecord first = rows.get(0);
        assertThat(first.get("uuid")).isEqualTo(a);
        assertThat(first.get("path")).isEqualTo("/docs/a.txt");
        assertThat(first.get("folder")).isEqualTo("/docs");
        assertThat(first.get("tags")).isEqualTo("red, blue");
        assertThat(first.get("meta.title")).isEqualTo("{\"en\":\"Alpha\"}");
        assertThat(first.get("meta.code")).isEqualTo("\"123\""); // a string that reads as JSON is written JSON-quoted
        assertThat(first.get("meta.n")).isEqualTo("7");
        assertThat(first.get("meta.note")).isEqualTo("plain, text");
        assertThat(first.get("url_cdn")).contains("/cdn/docs/a.txt");
        assertThat(rows.get(1).get("meta.title")).isEmpty();

        // paging and the other list parameters apply as for JSON
        assertThat(csv(p.api.get("/v5/files?folder=/&recursive=1&format=json,csv&limit=2&offset=1"))).hasSize(2);
        assertThat(csv(p.api.get("/v5/files?folder=/&recursive=1&format=csv&q=" + Api.enc("name:a.txt")))).hasSize(1);
    }

    @Test
    void aCsvListingStaysInsideTheKeysScope(TestProject p) throws Exception {
        upload(p, "/in", "a.txt");
        upload(p, "/out", "b.txt");
        Api sass = p.sass("{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        assertThat(csv(sass.get("/v5/files?folder=/&recursive=1&format=csv"))).extracting(row -> row.get("name")).containsExactly("a.txt");
        assertThat(sass.get("/v5/files?folder=/out&format=csv").code()).isEqualTo("FOLDER_NOT_ALLOWED");
    }
}
