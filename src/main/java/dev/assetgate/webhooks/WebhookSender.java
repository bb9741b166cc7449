package dev.assetgate.webhooks;

import dev.assetgate.net.Cidr;
import dev.assetgate.net.PublicAddressResolver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * POSTs signed payloads to webhook endpoints. The URL-upload rules apply: the target's addresses are
 * checked inside the client's resolver (internal addresses refused unless {@code webhook-allow} holds
 * them), no redirect is followed, and each request has a time limit.
 */
public final class WebhookSender implements AutoCloseable {
    private final HttpClient client;
    private final Duration timeout;

    /** What one attempt came to: the receiver's status (null when none answered) and, when it failed, why. */
    public record Outcome(Integer status, String error) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    public WebhookSender(List<Cidr> allowed, Duration timeout) {
        this.timeout = timeout;
        this.client = new HttpClient();
        client.setFollowRedirects(false);
        client.setConnectTimeout(Math.min(timeout.toMillis(), 10_000));
        client.setSocketAddressResolver(new PublicAddressResolver(allowed, "webhooks are only sent to public addresses",
                Refused::new, Refused::new));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the webhook HTTP client", e);
        }
    }

    public Outcome send(String url, String body, java.util.Map<String, String> headers) {
        try {
            var request = client.newRequest(url).method(HttpMethod.POST).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
            request.headers(h -> headers.forEach(h::put));
            ContentResponse response = request.send();
            int status = response.getStatus();
            return new Outcome(status, status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(null, cause instanceof Refused ? cause.getMessage() : "could not deliver: " + cause);
        } catch (TimeoutException e) {
            return new Outcome(null, "the receiver did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        } catch (RuntimeException e) {
            return new Outcome(null, "could not deliver: " + e.getMessage());
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
