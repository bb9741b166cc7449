package dev.assetgate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.support.ServerProcess;
import dev.assetgate.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** log-format: plain lines or one JSON object per line, with the request id of the request being served. */
class StructuredLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void plainAgain() {
        LogLayout.useJson(false);
    }

    private static LoggingEvent event(Map<String, String> mdc, Throwable error) {
        LoggingEvent e = new LoggingEvent();
        e.setLoggerName("dev.assetgate.Example");
        e.setLevel(Level.WARN);
        e.setMessage("the \"disk\" is\nfull");
        e.setTimeStamp(Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli());
        e.setMDCPropertyMap(mdc);
        if (error != null) e.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(error));
        return e;
    }

    @Test
    void jsonIsOneObjectPerLineWithTheRequestId() throws Exception {
        LogLayout.useJson(true);
        String line = new LogLayout().doLayout(event(Map.of(LogLayout.REQUEST_ID, "abc123"), new IllegalStateException("boom")));
        assertThat(line.strip().lines()).hasSize(1);
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("time").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("dev.assetgate.Example");
        assertThat(json.path("msg").asText()).isEqualTo("the \"disk\" is\nfull");
        assertThat(json.path("request_id").asText()).isEqualTo("abc123");
        assertThat(json.path("error").asText()).contains("IllegalStateException: boom");
        assertThat(JSON.readTree(new LogLayout().doLayout(event(Map.of(), null))).has("request_id")).as("outside a request").isFalse();
    }

    @Test
    void plainIsTheClassicLine() {
        String line = new LogLayout().doLayout(event(Map.of(LogLayout.REQUEST_ID, "abc123"), null));
        assertThat(line).startsWith("2026-01-02T03:04:05.678Z WARN dev.assetgate.Example - the \"disk\" is").contains("request_id=abc123");
    }

    @Test
    void aServerStartedWithLogFormatJsonWritesJsonLines() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-json-log");
        // a warning at start: any volume is fuller than 1 %
        try (ServerProcess json = ServerProcess.start(dir, Map.of("ASSETGATE_LOG_FORMAT", "json", "ASSETGATE_DISK_WARN_PERCENT", "1"))) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            List<String> lines = List.of();
            while (Instant.now().isBefore(deadline)) {
                lines = Files.readAllLines(json.log()).stream().filter(l -> l.contains("dev.assetgate.health.DataVolume")).toList();
                if (!lines.isEmpty()) break;
                Thread.sleep(100);
            }
            assertThat(lines).isNotEmpty();
            JsonNode warning = JSON.readTree(lines.get(0));
            assertThat(warning.path("level").asText()).isEqualTo("WARN");
            assertThat(warning.path("msg").asText()).contains("% full");
        } finally {
            TestServer.dropCatalog(dir);
        }
    }
}
