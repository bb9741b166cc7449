package dev.assetgate.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test in a {@link WithServer} class: this test gets a server of its own, with the class's
 * settings plus the method's {@link ServerSetting}s, closed when the test ends. The test's
 * {@link TestServer}, {@link TestClock} and {@link TestProject} parameters refer to it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface FreshServer {}
