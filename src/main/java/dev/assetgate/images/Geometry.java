package dev.assetgate.images;

/**
 * Where a transformation's pixels come from and where they go, in the upright source's pixels: the
 * region {@code crop*} of the source is scaled to {@code scaled*} and centred on a canvas of
 * {@code canvas*} (larger only for fit, which pads). No output side is larger than {@code maxSide}
 * (image-max-dimension), whatever the parameters and the source's shape.
 */
record Geometry(int cropX, int cropY, int cropW, int cropH, int scaledW, int scaledH, int canvasW, int canvasH) {

    /** The plan for a {@code sw} x {@code sh} source, or null when org_if_sml sends the original instead. */
    static Geometry plan(int sw, int sh, Transformation t, int maxSide) {
        int w = t.width();
        int h = t.height();
        if (t.originalIfSmaller() && (w == 0 || sw <= w) && (h == 0 || sh <= h)) return null;
        if (w == 0 && h == 0) { // a format or quality change: the whole picture, within the cap
            double s = Math.min(1, (double) maxSide / Math.max(sw, sh));
            return whole(sw, sh, side(sw * s, maxSide), side(sh * s, maxSide));
        }
        if (w == 0 || h == 0) { // one side given: the other follows the aspect ratio
            double s = w > 0 ? (double) w / sw : (double) h / sh;
            return whole(sw, sh, side(sw * s, maxSide), side(sh * s, maxSide));
        }
        double fitScale = Math.min((double) w / sw, (double) h / sh);
        double coverScale = Math.max((double) w / sw, (double) h / sh);
        return switch (t.func()) {
            case CROP -> cropped(sw, sh, w, h, w, h, t.gravity());
            case CROPFIT -> coverScale <= 1 ? cropped(sw, sh, w, h, w, h, t.gravity())
                    : cropped(sw, sh, w, h, (int) Math.min(sw, Math.round(w / coverScale)), (int) Math.min(sh, Math.round(h / coverScale)), t.gravity());
            case COVER -> whole(sw, sh, side(sw * coverScale, maxSide), side(sh * coverScale, maxSide));
            case FIT -> {
                Geometry inside = whole(sw, sh, side(sw * fitScale, maxSide), side(sh * fitScale, maxSide));
                yield new Geometry(0, 0, sw, sh, inside.scaledW, inside.scaledH, w, h);
            }
            case BOUND -> fitScale >= 1 ? whole(sw, sh, sw, sh) : whole(sw, sh, side(sw * fitScale, maxSide), side(sh * fitScale, maxSide));
        };
    }

    private static Geometry whole(int sw, int sh, int w, int h) {
        return new Geometry(0, 0, sw, sh, w, h, w, h);
    }

    /** True when the region is the whole source (nothing cut). */
    boolean wholeSource(int sw, int sh) {
        return cropX == 0 && cropY == 0 && cropW == sw && cropH == sh;
    }

    /** The largest region of the source with the aspect ratio w:h, placed by gravity, scaled to outW x outH. */
    private static Geometry cropped(int sw, int sh, int w, int h, int outW, int outH, Transformation.Gravity gravity) {
        double ratio = (double) w / h;
        int cw = sw;
        int ch = sh;
        if ((double) sw / sh > ratio) cw = (int) Math.max(1, Math.round(sh * ratio));
        else ch = (int) Math.max(1, Math.round(sw / ratio));
        int x = (int) Math.floor((sw - cw) * gravity.x); // the centre as before: (sw - cw) / 2
        int y = (int) Math.floor((sh - ch) * gravity.y);
        return new Geometry(x, y, cw, ch, outW, outH, outW, outH);
    }

    /** A computed side, from 1 to the cap. */
    private static int side(double px, int maxSide) {
        return (int) Math.max(1, Math.min(maxSide, Math.round(px)));
    }
}
