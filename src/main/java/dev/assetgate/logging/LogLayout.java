package dev.assetgate.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line of the server's log (logback.xml sends every logger through it to standard error).
 * {@code log-format=plain}: {@code 2026-01-02T03:04:05.678Z WARN dev.assetgate.X - message request_id=...};
 * {@code log-format=json}: one object per line, {@code {"time","level","logger","msg","request_id","error"}},
 * the request id being the one of the request the line was written for (absent outside a request),
 * the error a stack trace. The format is chosen once per command, when its configuration is loaded.
 */
public final class LogLayout extends LayoutBase<ILoggingEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    /** The MDC key of the request id (set by the HTTP layer for the request being served). */
    public static final String REQUEST_ID = "request_id";
    private static volatile boolean json;

    /** log-format: json (true) or plain lines. */
    public static void useJson(boolean on) {
        json = on;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String time = TIME.format(Instant.ofEpochMilli(event.getTimeStamp()));
        String requestId = event.getMDCPropertyMap().get(REQUEST_ID);
        String error = event.getThrowableProxy() == null ? null : ThrowableProxyUtil.asString(event.getThrowableProxy());
        if (json) {
            ObjectNode line = JSON.createObjectNode().put("time", time).put("level", event.getLevel().toString())
                    .put("logger", event.getLoggerName()).put("msg", event.getFormattedMessage());
            if (requestId != null) line.put(REQUEST_ID, requestId);
            if (error != null) line.put("error", error);
            return line + CoreConstants.LINE_SEPARATOR;
        }
        StringBuilder line = new StringBuilder(128).append(time).append(' ').append(event.getLevel()).append(' ')
                .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
        if (requestId != null) line.append(" request_id=").append(requestId);
        line.append(CoreConstants.LINE_SEPARATOR);
        if (error != null) line.append(error).append(CoreConstants.LINE_SEPARATOR);
        return line.toString();
    }
}
