package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Products: {@code PUT file/{uuid}/product}, {@code GET products?q=reference~…},
 * {@code GET product/{ref}/images} (v4, Akeneo) and {@code GET product/{ref}/files} (v5, the widget),
 * inside the key's list scope.
 */
@WithServer
class ProductsApiTest {
    static java.util.List<String> fileNames(com.fasterxml.jackson.databind.JsonNode files) {
        java.util.List<String> out = new java.util.ArrayList<>();
        files.forEach(f -> out.add(f.path("name").asText()));
        return out;
    }


    static String upload(TestProject p, String folder, String name, String type) {
        Api.Response r = p.api.multipart("/v4/files?folder=" + Api.enc(folder),
                new Api.Multipart().file("files[]", name, type, name.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static void product(TestProject p, String uuid, String body) {
        Api.Response r = p.api.putJson("/v5/file/" + uuid + "/product", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void filesShowTheirProductAndProductsListTheirFiles(TestProject p) {
        String front = upload(p, "/shop", "front.png", "image/png");
        String back = upload(p, "/shop", "back.png", "image/png");
        String sheet = upload(p, "/shop", "sheet.pdf", "application/pdf");
        String other = upload(p, "/private", "x.png", "image/png");
        product(p, back, "{\"product\":{\"ref\":\"SKU-100\",\"position\":2}}");
        product(p, front, "{\"product\":{\"ref\":\"SKU-100\",\"position\":1}}");
        product(p, sheet, "{\"product\":{\"ref\":\"SKU-100\"}}");
        product(p, other, "{\"product\":{\"ref\":\"ABC-7\",\"position\":0}}");

        Api.Response file = p.api.get("/v5/file/" + front);
        assertThat(file.json().path("file").path("product").path("ref").asText()).isEqualTo("SKU-100");
        assertThat(file.json().path("file").path("product").path("position").asInt()).isEqualTo(1);
        assertThat(p.api.get("/v5/files?folder=/shop").json().path("files").findValuesAsText("ref")).contains("SKU-100");

        assertThat(p.api.get("/v5/products").json().path("products").findValuesAsText("ref")).containsExactly("ABC-7", "SKU-100");
        assertThat(p.api.get("/v5/products").json().path("products").get(1).path("files_count").asInt()).isEqualTo(3);
        assertThat(p.api.get("/v5/products?q=" + Api.enc("reference~sku")).json().path("products").findValuesAsText("ref")).containsExactly("SKU-100");
        assertThat(p.api.get("/v5/products?q=" + Api.enc("reference~^100")).json().path("products")).isEmpty();
        assertThat(p.api.get("/v5/products?q=" + Api.enc("reference~100")).json().path("products")).hasSize(1);

        Api.Response files = p.api.get("/v5/product/SKU-100/files");
        assertThat(fileNames(files.json().path("files"))).containsExactly("front.png", "back.png", "sheet.pdf");
        Api.Response images = p.api.get("/v4/product/SKU-100/images");
        assertThat(fileNames(images.json().path("images"))).containsExactly("front.png", "back.png");

        // removing, and a deleted file leaves its product
        product(p, back, "{\"product\":{\"ref\":null}}");
        assertThat(p.api.get("/v5/file/" + back).json().path("file").path("product").path("ref").isNull()).isTrue();
        assertThat(p.api.delete("/v5/file/" + sheet).status()).isEqualTo(200);
        assertThat(fileNames(p.api.get("/v5/product/SKU-100/files").json().path("files"))).containsExactly("front.png");

        // a SASS key sees only what its list scope holds
        Api sass = p.sass("{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/shop/*\"]}}");
        assertThat(sass.get("/v5/products").json().path("products").findValuesAsText("ref")).containsExactly("SKU-100");
        assertThat(sass.get("/v5/product/ABC-7/files").json().path("files")).isEmpty();
    }

    @Test
    void anUploadFromTheWidgetsProductViewGivesTheFileItsProduct(TestProject p) {
        Api.Response r = p.api.multipart("/v4/files?folder=/shop", new Api.Multipart()
                .file("files[]", "new.png", "image/png", "png".getBytes(StandardCharsets.UTF_8))
                .field("product[files[]]", "{\"ref\":\"SKU-9\",\"position\":3}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("file").path("product").path("ref").asText()).isEqualTo("SKU-9");
        String uuid = r.json().path("file").path("uuid").asText();
        assertThat(p.api.get("/v5/file/" + uuid).json().path("file").path("product").path("position").asInt()).isEqualTo(3);
        assertThat(fileNames(p.api.get("/v5/product/SKU-9/files").json().path("files"))).containsExactly("new.png");

        // a key that may upload but not set products is refused before anything is stored; a bad product too
        Api uploadOnly = p.server.keyFor(List.of(p.token), dev.assetgate.access.Permission.FILE_UPLOAD).in(p.token);
        Api.Response refused = uploadOnly.multipart("/v4/files?folder=/shop", new Api.Multipart()
                .file("files[]", "other.png", "image/png", "png".getBytes(StandardCharsets.UTF_8))
                .field("product[files[]]", "{\"ref\":\"SKU-9\"}"));
        assertThat(refused.code()).isEqualTo("PERMISSION_DENIED");
        Api.Response bad = p.api.multipart("/v4/files?folder=/shop", new Api.Multipart()
                .file("files[]", "other.png", "image/png", "png".getBytes(StandardCharsets.UTF_8))
                .field("product[files[]]", "{\"ref\":\"SKU-9\",\"position\":\"first\"}"));
        assertThat(bad.code()).isEqualTo("INVALID_PARAMETER");
        assertThat(fileNames(p.api.get("/v5/files?folder=/shop").json().path("files"))).containsExactly("new.png");
    }

    @Test
    void badInputIsRefusedAndChangesNothing(TestProject p) {
        String a = upload(p, "/", "a.png", "image/png");
        for (String bad : List.of("{\"product\":{\"ref\":7}}", "{\"product\":{\"ref\":\"x\",\"position\":-1}}",
                "{\"product\":{\"ref\":\"x\",\"position\":1.5}}", "{\"product\":\"SKU\"}", "{\"product\":{\"ref\":\"" + "x".repeat(129) + "\"}}")) {
            Api.Response r = p.api.putJson("/v5/file/" + a + "/product", bad);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
        }
        assertThat(p.api.putJson("/v5/file/00000000-0000-0000-0000-000000000000/product", "{\"product\":{\"ref\":\"x\"}}").code())
                .isEqualTo("FILE_NOT_FOUND");
        Api sass = p.sass("{\"permissions\":[\"FILE_PRODUCT_CHANGE\"],\"upload\":{\"dir_scope\":[\"/elsewhere/*\"]}}");
        assertThat(sass.putJson("/v5/file/" + a + "/product", "{\"product\":{\"ref\":\"x\"}}").code()).isEqualTo("FOLDER_NOT_ALLOWED");
        assertThat(p.api.get("/v5/products?limit=0").code()).isEqualTo("INVALID_PARAMETER");
        assertThat(p.api.get("/v5/products").json().path("products")).isEmpty();
        assertThat(p.api.get("/v5/file/" + a).json().path("file").path("product").path("ref").isNull()).isTrue();
    }
}
