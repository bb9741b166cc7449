package dev.assetgate.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@link TestServer} for this test class, started before its {@code @BeforeAll} methods and closed
 * after its last test (data directory, PostgreSQL schema, S3 bucket and Redis keys included). Its
 * settings come from {@link ServerSetting} on the class. Test and lifecycle methods receive it, its
 * {@link TestClock} or a new {@link TestProject} as parameters; a test marked {@link FreshServer}
 * gets a server of its own instead. A {@code @Nested} class shares its outer class's server unless
 * it carries {@code @WithServer} itself. See docs/testing.md.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(ServerExtension.class)
public @interface WithServer {}
