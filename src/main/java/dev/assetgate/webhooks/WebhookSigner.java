package dev.assetgate.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets and signatures. An endpoint's secret is derived, never stored:
 * {@code whsec_} + base64url(HMAC-SHA256(server secret, "assetgate-webhook/" + uuid + "/" + salt)); a new
 * salt rotates it. A payload is signed as {@code X-Assetgate-Signature: t=<unix seconds>,v1=<hex>} with
 * v1 = HMAC-SHA256(secret, t + "." + body), so a receiver can refuse an old or replayed request (docs/webhooks.md).
 */
public final class WebhookSigner {
    public static final String SIGNATURE_HEADER = "X-Assetgate-Signature";
    private final byte[] serverSecret;

    public WebhookSigner(byte[] serverSecret) {
        this.serverSecret = serverSecret.clone();
    }

    public String secretOf(Webhook webhook) {
        byte[] derived = hmac(serverSecret, "assetgate-webhook/" + webhook.uuid() + "/" + webhook.salt());
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
    }

    /** The signature header's value for this body sent at {@code unixSeconds}. */
    public String signature(Webhook webhook, long unixSeconds, String body) {
        return sign(secretOf(webhook), unixSeconds, body);
    }

    /** {@code t=…,v1=…} for a body signed with a secret (also what a receiver computes to compare). */
    public static String sign(String secret, long unixSeconds, String body) {
        byte[] mac = hmac(secret.getBytes(StandardCharsets.UTF_8), unixSeconds + "." + body);
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac);
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
