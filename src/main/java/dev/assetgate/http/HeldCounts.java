package dev.assetgate.http;

import dev.assetgate.limits.Reservation;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The counted limits one request has reserved (uploads, listings), settled in one place after its
 * handler ({@link RouteTable}): committed when it answered with success, released when it failed in
 * any way — a 413 mid-stream, a 409 name conflict, a multipart upload undone because a later part
 * failed, an exception. So no handler has to remember to give a count back.
 */
final class HeldCounts {
    private static final String ATTRIBUTE = "assetgate.held-counts";
    private final List<Reservation> held = new ArrayList<>();

    /** Holds {@code reservation} until the request ends. */
    static void hold(Context ctx, Reservation reservation) {
        HeldCounts counts = ctx.attribute(ATTRIBUTE);
        if (counts == null) {
            counts = new HeldCounts();
            ctx.attribute(ATTRIBUTE, counts);
        }
        counts.held.add(reservation);
    }

    /** Commits every reservation of the request when it succeeded, else releases them. */
    static void settle(Context ctx, boolean succeeded) {
        HeldCounts counts = ctx.attribute(ATTRIBUTE);
        if (counts == null) return;
        for (Reservation r : counts.held) {
            if (succeeded) r.commit();
            else r.release();
        }
        counts.held.clear();
    }
}
