package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.store.FileRecord;
import dev.assetgate.visibility.Visibility;
import dev.assetgate.visibility.VisibilityState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The memory bound of {@link RenderedFiles}: what it keeps is limited in bytes, and a file object
 * too large to share that budget is rendered each time. (What it keeps, and when it renders again,
 * is tested over HTTP: FileDetailsMemoryTest, ImageListingApiTest, MetaFormatAndSearchApiTest.)
 */
class RenderedFilesTest {
    private static final Instant T = Instant.parse("2026-12-04T00:00:00Z");
    private final RenderedFiles rendered = new RenderedFiles(Clock.systemUTC());
    private final AtomicInteger renderings = new AtomicInteger();

    @Test
    void aSmallFileObjectIsRenderedOnceWhileItsInputsStayEqual() {
        var inputs = inputs("a", "x".repeat(100));
        var first = rendered.of(inputs, () -> render(inputs));
        assertThat(rendered.of(inputs("a", "x".repeat(100)), () -> render(inputs))).isSameAs(first);
        assertThat(renderings).hasValue(1);
        assertThat(Json.write(Json.object().set("file", first))).contains("\"meta\":\"" + "x".repeat(100) + "\"");
    }

    @Test
    void aFileObjectOfMoreThanA64thOfTheBudgetIsNotKept() {
        var big = inputs("a", "x".repeat((int) (RenderedFiles.MOST_BYTES / 64 / 3)));
        rendered.of(big, () -> render(big));
        rendered.of(big, () -> render(big));
        assertThat(renderings).hasValue(2);
    }

    @Test
    void whatIsKeptStaysWithinTheBudget() {
        String meta = "x".repeat((int) (RenderedFiles.MOST_BYTES / 64 / 3) - 100); // just small enough to keep
        int fit = (int) (RenderedFiles.MOST_BYTES / (3L * meta.length()));
        for (int i = 0; i <= fit; i++) {
            var inputs = inputs("f" + i, meta);
            rendered.of(inputs, () -> render(inputs));
        }
        var firstAgain = inputs("f0", meta);
        rendered.of(firstAgain, () -> render(firstAgain));
        assertThat(renderings).as("the budget was passed: the first was let go, and rendered again").hasValue(fit + 2);
    }

    private RenderedFiles.Inputs inputs(String uuid, String meta) {
        FileRecord file = new FileRecord(uuid, "p", "folder", "/", uuid + ".txt", 1, "text/plain", "sha", "blob", meta, "{}", "{}", T, T);
        return new RenderedFiles.Inputs(file, null, List.of(), null, new VisibilityState(null, Visibility.PUBLIC), "v5");
    }

    private ObjectNode render(RenderedFiles.Inputs inputs) {
        renderings.incrementAndGet();
        return Json.object().put("uuid", inputs.file().uuid()).put("meta", inputs.file().meta());
    }
}
