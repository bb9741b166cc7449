package dev.assetgate.http;

import dev.assetgate.config.Setting;
import dev.assetgate.support.ServerSetting;
import org.junit.jupiter.api.condition.EnabledIf;

/** Every test of {@link ImagesApiTest} again, with libvips transforming (skipped where libvips is not installed). */
@EnabledIf(value = "dev.assetgate.http.VipsEngineTest#libvipsInstalled",
        disabledReason = "libvips is not installed here (apt-get install libvips42): the libvips engine is not tested")
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
@ServerSetting(key = Setting.IMAGE_ENGINE, value = "vips")
class ImagesApiOnVipsTest extends ImagesApiTest {
}
