package dev.jwtauthfilter.it;

import dev.jwtauthfilter.JwtAuthFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** Embedded Jetty 12 (ee10): one server, one {@link ServletContextHandler} per deployment. */
public final class JettyHarness implements ContainerHarness {
    private final Server server = new Server();
    private final ServerConnector connector;
    private final Map<String, ServletContextHandler> contexts = new HashMap<>();

    public JettyHarness() {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(LOOPBACK);
        connector.setPort(0);
        server.addConnector(connector);
    }

    @Override
    public void start(List<Deployment> deployments) throws Exception {
        ContextHandlerCollection handlers = new ContextHandlerCollection();
        for (Deployment d : deployments) {
            ServletContextHandler context = new ServletContextHandler(d.contextPath());
            context.addServletContainerInitializer(d.attributeInitializer());
            FilterHolder filter;
            if (d.filterInstance() != null) {
                filter = new FilterHolder(d.filterInstance());
            } else {
                filter = new FilterHolder();
                filter.setClassName(JwtAuthFilter.class.getName());
                filter.setInitParameters(d.initParams());
            }
            filter.setName("jwt");
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder("recording", d.servlet()), "/");
            handlers.addHandler(context);
            contexts.put(d.contextPath(), context);
        }
        server.setHandler(handlers);
        server.start();
    }

    @Override
    public int localPort() {
        return connector.getLocalPort();
    }

    @Override
    public ServletContext servletContext(String contextPath) {
        return contexts.get(contextPath).getServletContext();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
