package dev.jwtauthfilter.it;

import dev.jwtauthfilter.JwtAuthFilter;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat: one server, one context per deployment, its files under {@code target/tomcat-it}. */
public final class TomcatHarness implements ContainerHarness {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector();
    private final Path baseDir;
    private final Map<String, Context> contexts = new HashMap<>();
    private final Consumer<Context> contextSetup;
    private boolean quietErrorPages;

    public TomcatHarness() {
        this(false, context -> {});
    }

    /**
     * A Tomcat whose contexts get extra set-up, e.g. the JNDI resources a {@code context.xml} would
     * declare.
     *
     * @param naming whether JNDI ({@code java:comp/env}) is enabled, as in a standalone Tomcat
     * @param contextSetup runs on each context before it starts
     */
    public TomcatHarness(boolean naming, Consumer<Context> contextSetup) {
        this.contextSetup = contextSetup;
        baseDir = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("target/tomcat-it/tomcat-" + INSTANCES.incrementAndGet());
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(0);
        connector.setProperty("address", LOOPBACK);
        connector.setProperty("maxHttpHeaderSize", Integer.toString(REQUEST_HEADER_BYTES));
        tomcat.setConnector(connector);
        if (naming) {
            tomcat.enableNaming();
        }
    }

    /**
     * Configures the host's error pages as README advises for production, the {@code server.xml} line
     * {@code <Valve className="org.apache.catalina.valves.ErrorReportValve" showReport="false"
     * showServerInfo="false"/>}: Tomcat's default page for a request it refuses itself (a malformed
     * header line) quotes that line, so the token, with a stack trace and the server version.
     *
     * @return this harness
     */
    public TomcatHarness quietErrorPages() {
        quietErrorPages = true;
        return this;
    }

    @Override
    public void start(List<Deployment> deployments) throws Exception {
        if (quietErrorPages) {
            ErrorReportValve quiet = new ErrorReportValve();
            quiet.setShowReport(false);
            quiet.setShowServerInfo(false);
            ((StandardHost) tomcat.getHost()).setErrorReportValveClass(null);
            tomcat.getHost().getPipeline().addValve(quiet);
        }
        for (Deployment d : deployments) {
            Path docBase = Files.createDirectories(baseDir.resolve("docs" + d.contextPath()));
            StandardContext context = (StandardContext) tomcat.addContext(d.contextPath(), docBase.toString());
            // These leak checks need --add-opens this throw-away JVM does not have; they would only warn.
            context.setClearReferencesObjectStreamClassCaches(false);
            context.setClearReferencesRmiTargets(false);
            context.setClearReferencesThreadLocals(false);
            context.addServletContainerInitializer(d.attributeInitializer(), null);
            FilterDef filter = new FilterDef();
            filter.setFilterName("jwt");
            if (d.filterInstance() != null) {
                filter.setFilterClass(d.filterInstance().getClass().getName());
                filter.setFilter(d.filterInstance());
            } else {
                filter.setFilterClass(JwtAuthFilter.class.getName());
                d.initParams().forEach(filter::addInitParameter);
            }
            context.addFilterDef(filter);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName("jwt");
            mapping.addURLPattern("/*");
            context.addFilterMap(mapping);
            Tomcat.addServlet(context, "recording", d.servlet());
            context.addServletMapping("/", "recording");
            contextSetup.accept(context);
            contexts.put(d.contextPath(), context);
        }
        tomcat.start();
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
        tomcat.stop();
        tomcat.destroy();
    }
}
