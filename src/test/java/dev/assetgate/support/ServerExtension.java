package dev.assetgate.support;

import dev.assetgate.config.Setting;
import java.lang.reflect.AnnotatedElement;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Owns the servers of {@link WithServer} classes: one per class, one per {@link FreshServer} test,
 * each closed when its class or test ends. Resolves {@link TestServer}, {@link TestClock} and
 * {@link TestProject} parameters to the innermost server in scope (the test's own, else its class's,
 * else an enclosing class's).
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerExtension.class);
    private static final String SERVER = "server";
    private static final Set<Class<?>> RESOLVED = Set.of(TestServer.class, TestClock.class, TestProject.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        boolean inherited = context.getStore(NAMESPACE).get(SERVER) != null;
        if (!inherited || testClass.isAnnotationPresent(WithServer.class)) {
            context.getStore(NAMESPACE).put(SERVER, TestServer.start(settings(testClass)));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (AnnotationSupport.isAnnotated(context.getRequiredTestMethod(), FreshServer.class)) {
            Map<Setting, String> settings = settings(context.getRequiredTestClass());
            settings.putAll(settings(context.getRequiredTestMethod()));
            context.getStore(NAMESPACE).put(SERVER, TestServer.start(settings));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeOwnServer(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeOwnServer(context);
    }

    /** Closes the server this context started, never one it only sees from an enclosing context. */
    private static void closeOwnServer(ExtensionContext context) {
        TestServer own = context.getStore(NAMESPACE).remove(SERVER, TestServer.class);
        if (own != null) own.close();
    }

    private static Map<Setting, String> settings(AnnotatedElement element) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        for (ServerSetting s : AnnotationSupport.findRepeatableAnnotations(element, ServerSetting.class)) {
            settings.put(s.key(), s.value());
        }
        return settings;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestServer server = context.getStore(NAMESPACE).get(SERVER, TestServer.class);
        Class<?> type = parameter.getParameter().getType();
        if (type == TestClock.class) return server.clock;
        if (type == TestProject.class) return TestProject.create(server);
        return server;
    }
}
