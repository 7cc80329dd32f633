package io.flotilla.ui.server;

import com.vaadin.flow.di.LookupInitializer;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.InitParameters;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.RouteRegistryInitializer;
import io.flotilla.ui.ConsoleConfig;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Serves the Vaadin console from an embedded Jetty inside the appliance process. Starts after the
 * other startup listeners (so the database is migrated and bootstrapped) and stops with the context.
 * Routes come from Micronaut's bean definitions, not from a classpath scan.
 */
@Singleton
@Requires(property = "flotilla.console.enabled", notEquals = "false")
public class ConsoleServer implements ApplicationEventListener<StartupEvent>, Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private final BeanContext beans;
    private final ConsoleConfig config;
    private Server server;

    public ConsoleServer(BeanContext beans, ConsoleConfig config) {
        this.beans = beans;
        this.config = config;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        start();
    }

    /** Runs after the appliance's own startup listeners (bootstrap admin, migrations). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Starts Jetty; does nothing when it already runs. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(Math.max(config.getPort(), 0));
        jetty.addConnector(connector);
        jetty.setHandler(consoleContext());
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the console on port " + config.getPort(), e);
        }
        server = jetty;
        LOG.info("Console listening on port {}", getPort());
    }

    private ServletContextHandler consoleContext() {
        ServletContextHandler handler = new ServletContextHandler(ServletContextHandler.SESSIONS);
        handler.setContextPath("/");
        handler.setClassLoader(ConsoleServer.class.getClassLoader());
        handler.getSessionHandler().setMaxInactiveInterval((int) config.getSessionTimeout().toSeconds());
        handler.getSessionHandler().setHttpOnly(true);
        handler.getSessionHandler().setSameSite(org.eclipse.jetty.http.HttpCookie.SameSite.STRICT);
        ServletHolder vaadin = new ServletHolder("console", new ConsoleServlet(beans));
        vaadin.setInitParameter(InitParameters.SERVLET_PARAMETER_PRODUCTION_MODE, "true");
        vaadin.setInitParameter(InitParameters.SERVLET_PARAMETER_CLOSE_IDLE_SESSIONS, "true");
        vaadin.setAsyncSupported(true);
        handler.addServlet(vaadin, "/*");
        handler.addServletContainerInitializer(new LookupServletContainerInitializer(), LookupInitializer.class);
        handler.addServletContainerInitializer(new RouteRegistryInitializer(), routeClasses());
        return handler;
    }

    /** The {@code @Route} views, taken from Micronaut's bean definitions. */
    private Class<?>[] routeClasses() {
        Set<Class<?>> routes = beans.getBeanDefinitions(Qualifiers.byStereotype(Route.class)).stream()
                .map(BeanDefinition::getBeanType)
                .collect(Collectors.toSet());
        if (routes.isEmpty()) {
            throw new IllegalStateException("No console views found among the bean definitions");
        }
        return routes.toArray(Class<?>[]::new);
    }

    /** The port the console actually listens on (useful when a free port was picked), or -1 when stopped. */
    public synchronized int getPort() {
        return server == null ? -1 : ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops Jetty and with it every console session. */
    @PreDestroy
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Console did not stop cleanly", e);
        } finally {
            server = null;
        }
    }
}
