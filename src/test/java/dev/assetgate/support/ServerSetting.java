package dev.assetgate.support;

import dev.assetgate.config.Setting;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One setting of the server {@link WithServer} starts (on the class) or {@link FreshServer} starts (on
 * the test method, on top of the class's settings).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(ServerSetting.List.class)
public @interface ServerSetting {
    Setting key();

    String value();

    /** Several settings on one element (Java writes this container for repeated annotations). */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @interface List {
        ServerSetting[] value();
    }
}
