package dev.assetgate.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Output sizes at the edges the HTTP tests do not reach: extreme shapes, the cap, org_if_sml. */
class GeometryTest {
    private static final int CAP = 4096;

    private static Geometry plan(int sw, int sh, String query) {
        return Geometry.plan(sw, sh, Transformation.parse(query, CAP), CAP);
    }

    @Test
    void noSideEverPassesTheCapWhateverTheSourceShape() {
        for (String query : new String[] {"w=4096", "h=4096", "w=4096&h=1&func=cover", "w=1&h=4096&func=cover", "q=50", "w=4096&h=4096&func=fit"}) {
            for (int[] source : new int[][] {{1, 60000}, {60000, 1}, {10000, 10000}, {3, 2}}) {
                Geometry g = plan(source[0], source[1], query);
                assertThat(g.canvasW()).as(query).isBetween(1, CAP);
                assertThat(g.canvasH()).as(query).isBetween(1, CAP);
                assertThat(g.scaledW()).isBetween(1, CAP);
                assertThat(g.scaledH()).isBetween(1, CAP);
            }
        }
    }

    @Test
    void cropTakesTheCentredRegionOfTheAskedRatio() {
        Geometry g = plan(400, 200, "w=100&h=100&func=crop");
        assertThat(new int[] {g.cropX(), g.cropY(), g.cropW(), g.cropH()}).containsExactly(100, 0, 200, 200);
        assertThat(new int[] {g.canvasW(), g.canvasH()}).containsExactly(100, 100);
    }

    @Test
    void gravityPlacesTheCropAndMattersOnlyWhenCutting() {
        assertThat(plan(400, 200, "w=100&h=100&gravity=west").cropX()).isZero();
        assertThat(plan(400, 200, "w=100&h=100&gravity=east").cropX()).isEqualTo(200);
        assertThat(plan(400, 200, "w=100&h=100&gravity=northeast").cropX()).isEqualTo(200);
        assertThat(plan(200, 400, "w=100&h=100&gravity=south").cropY()).isEqualTo(200);
        assertThat(plan(200, 400, "w=100&h=100&gravity=top").cropY()).isZero();
        assertThat(plan(200, 400, "w=100&h=100&gravity=face").cropY()).as("not modelled: the centre").isEqualTo(100);
        assertThat(Transformation.parse("w=100&gravity=north", CAP).canonical()).isEqualTo("w=100");
        assertThat(Transformation.parse("w=100&h=50&func=fit&gravity=north", CAP).canonical()).isEqualTo("w=100&h=50&func=fit");
        assertThat(Transformation.parse("w=100&h=50&gravity=north&bg_color=%23F00", CAP).canonical())
                .isEqualTo("w=100&h=50&func=crop&gravity=north&bg_color=ff0000ff");
    }

    @Test
    void originalIfSmallerOnlyWhenBothSidesFit() {
        assertThat(plan(100, 50, "w=200&org_if_sml=1")).isNull();
        assertThat(plan(100, 50, "w=200&h=40&org_if_sml=1")).isNotNull();
        assertThat(plan(100, 50, "w=200")).isNotNull();
    }

    @Test
    void formatOnlyKeepsTheSizeUnderTheCap() {
        Geometry g = plan(8000, 2000, "force_format=png");
        assertThat(new int[] {g.canvasW(), g.canvasH()}).containsExactly(4096, 1024);
        Geometry small = plan(300, 200, "q=60");
        assertThat(new int[] {small.canvasW(), small.canvasH()}).containsExactly(300, 200);
    }
}
