package dev.jwtauthfilter.revocation.jdbc;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.Deployment;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat with JNDI enabled and one {@code <Resource>} per deployment, as a {@code
 * context.xml} would declare it: {@code jdbc/revocations}, an H2 {@code JdbcDataSource} built by
 * Tomcat's own {@code BeanFactory}. Otherwise as the core's {@code TomcatHarness}.
 */
final class JndiTomcatHarness implements ContainerHarness {
    static final String RESOURCE = "jdbc/revocations";

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector();
    private final Path baseDir;
    private final String h2Url;
    private final Map<String, Context> contexts = new HashMap<>();

    JndiTomcatHarness(String h2Url) {
        this.h2Url = h2Url;
        baseDir = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("target/tomcat-it/jndi-" + UUID.randomUUID());
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(0);
        connector.setProperty("address", LOOPBACK);
        tomcat.setConnector(connector);
        tomcat.enableNaming();
    }

    @Override
    public void start(List<Deployment> deployments) throws Exception {
        for (Deployment d : deployments) {
            Path docBase = Files.createDirectories(baseDir.resolve("docs" + d.contextPath()));
            StandardContext context = (StandardContext) tomcat.addContext(d.contextPath(), docBase.toString());
            context.setClearReferencesObjectStreamClassCaches(false);
            context.setClearReferencesRmiTargets(false);
            context.setClearReferencesThreadLocals(false);
            ContextResource resource = new ContextResource();
            resource.setName(RESOURCE);
            resource.setType("org.h2.jdbcx.JdbcDataSource");
            resource.setAuth("Container");
            resource.setProperty("factory", "org.apache.naming.factory.BeanFactory");
            resource.setProperty("URL", h2Url);
            resource.setProperty("user", "sa");
            context.getNamingResources().addResource(resource);
            FilterDef filter = new FilterDef();
            filter.setFilterName("jwt");
            filter.setFilterClass(JwtAuthFilter.class.getName());
            d.initParams().forEach(filter::addInitParameter);
            context.addFilterDef(filter);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName("jwt");
            mapping.addURLPattern("/*");
            context.addFilterMap(mapping);
            Tomcat.addServlet(context, "recording", d.servlet());
            context.addServletMapping("/", "recording");
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
