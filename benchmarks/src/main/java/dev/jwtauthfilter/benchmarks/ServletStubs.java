package dev.jwtauthfilter.benchmarks;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.WriteListener;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.InputStream;
import java.net.URL;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small concrete servlet objects for calling {@code JwtAuthFilter.doFilter} directly: no container,
 * no mocking library, no proxies, so that the measurement is the filter's work and not the stubs'.
 * The methods the filter (and the consuming chain) use return real values; the few a container
 * would answer with a constant return a neutral one; everything else throws {@link
 * UnsupportedOperationException}, so a filter change that starts using one shows up at once.
 */
final class ServletStubs {
    private ServletStubs() {}

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not used by the benchmark");
    }

    /** An enumeration of one value, as a container returns for a header sent once. */
    private static final class One implements Enumeration<String> {
        private String next;

        One(String value) {
            this.next = value;
        }

        @Override
        public boolean hasMoreElements() {
            return next != null;
        }

        @Override
        public String nextElement() {
            String value = next;
            if (value == null) {
                throw new NoSuchElementException();
            }
            next = null;
            return value;
        }
    }

    /** A GET request to {@code /hello} carrying one {@code Authorization} header and no cookie. */
    static final class Request implements HttpServletRequest {
        private final String method;
        private final String servletPath;
        private final String authorization;
        private final Map<String, Object> attributes = new HashMap<>();

        Request(String method, String servletPath, String authorization) {
            this.method = method;
            this.servletPath = servletPath;
            this.authorization = authorization;
        }

        // --- used by the filter and the chain -------------------------------------------------

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isAuthorization(name) ? new One(authorization) : Collections.emptyEnumeration();
        }

        @Override
        public String getHeader(String name) {
            return isAuthorization(name) ? authorization : null;
        }

        private static boolean isAuthorization(String name) {
            return "Authorization".equalsIgnoreCase(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return new One("Authorization");
        }

        @Override
        public Cookie[] getCookies() {
            return null; // the request carries no cookie: the servlet API's answer is null
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getServletPath() {
            return servletPath;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getContextPath() {
            return "";
        }

        @Override
        public String getRequestURI() {
            return servletPath;
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer("http://localhost").append(servletPath);
        }

        @Override
        public String getQueryString() {
            return null;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object o) {
            attributes.put(name, o);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        // --- neutral answers --------------------------------------------------------------------

        @Override
        public String getAuthType() {
            return null;
        }

        @Override
        public String getRemoteUser() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public String getScheme() {
            return "http";
        }

        @Override
        public String getServerName() {
            return "localhost";
        }

        @Override
        public int getServerPort() {
            return 80;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public String getCharacterEncoding() {
            return null;
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        @Override
        public String getContentType() {
            return null;
        }

        @Override
        public boolean isAsyncStarted() {
            return false;
        }

        @Override
        public boolean isAsyncSupported() {
            return false;
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (create) {
                throw unsupported();
            }
            return null;
        }

        // --- not used ---------------------------------------------------------------------------

        @Override
        public long getDateHeader(String name) {
            throw unsupported();
        }

        @Override
        public int getIntHeader(String name) {
            throw unsupported();
        }

        @Override
        public String getPathTranslated() {
            throw unsupported();
        }

        @Override
        public String getRequestedSessionId() {
            throw unsupported();
        }

        @Override
        public HttpSession getSession() {
            throw unsupported();
        }

        @Override
        public String changeSessionId() {
            throw unsupported();
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            throw unsupported();
        }

        @Override
        public boolean isRequestedSessionIdFromCookie() {
            throw unsupported();
        }

        @Override
        public boolean isRequestedSessionIdFromURL() {
            throw unsupported();
        }

        @Override
        public boolean authenticate(HttpServletResponse response) {
            throw unsupported();
        }

        @Override
        public void login(String username, String password) {
            throw unsupported();
        }

        @Override
        public void logout() {
            throw unsupported();
        }

        @Override
        public Collection<Part> getParts() {
            throw unsupported();
        }

        @Override
        public Part getPart(String name) {
            throw unsupported();
        }

        @Override
        public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) {
            throw unsupported();
        }

        @Override
        public void setCharacterEncoding(String env) {
            throw unsupported();
        }

        @Override
        public ServletInputStream getInputStream() {
            throw unsupported();
        }

        @Override
        public String getParameter(String name) {
            throw unsupported();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            throw unsupported();
        }

        @Override
        public String[] getParameterValues(String name) {
            throw unsupported();
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            throw unsupported();
        }

        @Override
        public BufferedReader getReader() {
            throw unsupported();
        }

        @Override
        public String getRemoteAddr() {
            throw unsupported();
        }

        @Override
        public String getRemoteHost() {
            throw unsupported();
        }

        @Override
        public Locale getLocale() {
            throw unsupported();
        }

        @Override
        public Enumeration<Locale> getLocales() {
            throw unsupported();
        }

        @Override
        public RequestDispatcher getRequestDispatcher(String path) {
            throw unsupported();
        }

        @Override
        public int getRemotePort() {
            throw unsupported();
        }

        @Override
        public String getLocalName() {
            throw unsupported();
        }

        @Override
        public String getLocalAddr() {
            throw unsupported();
        }

        @Override
        public int getLocalPort() {
            throw unsupported();
        }

        @Override
        public ServletContext getServletContext() {
            throw unsupported();
        }

        @Override
        public AsyncContext startAsync() {
            throw unsupported();
        }

        @Override
        public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
            throw unsupported();
        }

        @Override
        public AsyncContext getAsyncContext() {
            throw unsupported();
        }

        @Override
        public String getRequestId() {
            throw unsupported();
        }

        @Override
        public String getProtocolRequestId() {
            throw unsupported();
        }

        @Override
        public ServletConnection getServletConnection() {
            throw unsupported();
        }
    }

    /**
     * A response that records its status (200 until the filter refuses the request) and throws the
     * body of an error away.
     */
    static final class Response implements HttpServletResponse {
        private int status = SC_OK;
        private boolean committed;
        private final Map<String, String> headers = new HashMap<>();

        /** Back to a fresh 200 response. */
        void clear() {
            status = SC_OK;
            committed = false;
            headers.clear();
        }

        // --- used by the filter's error responses -----------------------------------------------

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
            committed = true;
        }

        @Override
        public void sendError(int sc) {
            sendError(sc, null);
        }

        @Override
        public void sendRedirect(String location) {
            status = SC_FOUND;
            headers.put("Location", location);
            committed = true;
        }

        @Override
        public void setHeader(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }

        @Override
        public String getHeader(String name) {
            return headers.get(name);
        }

        @Override
        public Collection<String> getHeaders(String name) {
            String value = headers.get(name);
            return value == null ? List.of() : List.of(value);
        }

        @Override
        public Collection<String> getHeaderNames() {
            return Set.copyOf(headers.keySet());
        }

        @Override
        public boolean containsHeader(String name) {
            return headers.containsKey(name);
        }

        @Override
        public void setContentType(String type) {
            headers.put("Content-Type", type);
        }

        @Override
        public String getContentType() {
            return headers.get("Content-Type");
        }

        @Override
        public void setContentLength(int len) {
            headers.put("Content-Length", Integer.toString(len));
        }

        @Override
        public void setContentLengthLong(long len) {
            headers.put("Content-Length", Long.toString(len));
        }

        @Override
        public ServletOutputStream getOutputStream() {
            committed = true;
            return new ServletOutputStream() {
                @Override
                public void write(int b) {}

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener writeListener) {
                    throw unsupported();
                }
            };
        }

        @Override
        public boolean isCommitted() {
            return committed;
        }

        @Override
        public String getCharacterEncoding() {
            return "ISO-8859-1";
        }

        // --- not used ---------------------------------------------------------------------------

        @Override
        public void addCookie(Cookie cookie) {
            throw unsupported();
        }

        @Override
        public String encodeURL(String url) {
            throw unsupported();
        }

        @Override
        public String encodeRedirectURL(String url) {
            throw unsupported();
        }

        @Override
        public void setDateHeader(String name, long date) {
            throw unsupported();
        }

        @Override
        public void addDateHeader(String name, long date) {
            throw unsupported();
        }

        @Override
        public void setIntHeader(String name, int value) {
            throw unsupported();
        }

        @Override
        public void addIntHeader(String name, int value) {
            throw unsupported();
        }

        @Override
        public java.io.PrintWriter getWriter() {
            throw unsupported();
        }

        @Override
        public void setCharacterEncoding(String charset) {
            throw unsupported();
        }

        @Override
        public void setBufferSize(int size) {
            throw unsupported();
        }

        @Override
        public int getBufferSize() {
            throw unsupported();
        }

        @Override
        public void flushBuffer() {
            throw unsupported();
        }

        @Override
        public void resetBuffer() {
            throw unsupported();
        }

        @Override
        public void reset() {
            throw unsupported();
        }

        @Override
        public void setLocale(Locale loc) {
            throw unsupported();
        }

        @Override
        public Locale getLocale() {
            throw unsupported();
        }
    }

    /** The servlet context of an application at the root path: attributes, class loader, no more. */
    static final class Context implements ServletContext {
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();

        // --- used by the filter's init ----------------------------------------------------------

        @Override
        public String getContextPath() {
            return "";
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(Set.copyOf(attributes.keySet()));
        }

        @Override
        public void setAttribute(String name, Object object) {
            if (object == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, object);
            }
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public ClassLoader getClassLoader() {
            return ServletStubs.class.getClassLoader();
        }

        // --- neutral answers --------------------------------------------------------------------

        @Override
        public String getInitParameter(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public int getMajorVersion() {
            return 6;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public int getEffectiveMajorVersion() {
            return 6;
        }

        @Override
        public int getEffectiveMinorVersion() {
            return 0;
        }

        @Override
        public String getServerInfo() {
            return "jwt-auth-filter benchmark stub";
        }

        @Override
        public String getServletContextName() {
            return "benchmark";
        }

        @Override
        public void log(String msg) {}

        @Override
        public void log(String message, Throwable throwable) {}

        // --- not used ---------------------------------------------------------------------------

        @Override
        public ServletContext getContext(String uripath) {
            throw unsupported();
        }

        @Override
        public String getMimeType(String file) {
            throw unsupported();
        }

        @Override
        public Set<String> getResourcePaths(String path) {
            throw unsupported();
        }

        @Override
        public URL getResource(String path) {
            throw unsupported();
        }

        @Override
        public InputStream getResourceAsStream(String path) {
            throw unsupported();
        }

        @Override
        public RequestDispatcher getRequestDispatcher(String path) {
            throw unsupported();
        }

        @Override
        public RequestDispatcher getNamedDispatcher(String name) {
            throw unsupported();
        }

        @Override
        public String getRealPath(String path) {
            throw unsupported();
        }

        @Override
        public boolean setInitParameter(String name, String value) {
            throw unsupported();
        }

        @Override
        public ServletRegistration.Dynamic addServlet(String servletName, String className) {
            throw unsupported();
        }

        @Override
        public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
            throw unsupported();
        }

        @Override
        public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
            throw unsupported();
        }

        @Override
        public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
            throw unsupported();
        }

        @Override
        public <T extends Servlet> T createServlet(Class<T> clazz) {
            throw unsupported();
        }

        @Override
        public ServletRegistration getServletRegistration(String servletName) {
            throw unsupported();
        }

        @Override
        public Map<String, ? extends ServletRegistration> getServletRegistrations() {
            throw unsupported();
        }

        @Override
        public FilterRegistration.Dynamic addFilter(String filterName, String className) {
            throw unsupported();
        }

        @Override
        public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
            throw unsupported();
        }

        @Override
        public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
            throw unsupported();
        }

        @Override
        public <T extends Filter> T createFilter(Class<T> clazz) {
            throw unsupported();
        }

        @Override
        public FilterRegistration getFilterRegistration(String filterName) {
            throw unsupported();
        }

        @Override
        public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
            throw unsupported();
        }

        @Override
        public SessionCookieConfig getSessionCookieConfig() {
            throw unsupported();
        }

        @Override
        public void setSessionTrackingModes(Set<SessionTrackingMode> sessionTrackingModes) {
            throw unsupported();
        }

        @Override
        public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
            throw unsupported();
        }

        @Override
        public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
            throw unsupported();
        }

        @Override
        public void addListener(String className) {
            throw unsupported();
        }

        @Override
        public <T extends EventListener> void addListener(T t) {
            throw unsupported();
        }

        @Override
        public void addListener(Class<? extends EventListener> listenerClass) {
            throw unsupported();
        }

        @Override
        public <T extends EventListener> T createListener(Class<T> clazz) {
            throw unsupported();
        }

        @Override
        public JspConfigDescriptor getJspConfigDescriptor() {
            throw unsupported();
        }

        @Override
        public void declareRoles(String... roleNames) {
            throw unsupported();
        }

        @Override
        public String getVirtualServerName() {
            throw unsupported();
        }

        @Override
        public int getSessionTimeout() {
            throw unsupported();
        }

        @Override
        public void setSessionTimeout(int sessionTimeout) {
            throw unsupported();
        }

        @Override
        public String getRequestCharacterEncoding() {
            throw unsupported();
        }

        @Override
        public void setRequestCharacterEncoding(String encoding) {
            throw unsupported();
        }

        @Override
        public String getResponseCharacterEncoding() {
            throw unsupported();
        }

        @Override
        public void setResponseCharacterEncoding(String encoding) {
            throw unsupported();
        }
    }

    /** A filter's configuration without init-params (the filter is configured in code). */
    static final class Config implements FilterConfig {
        private final String filterName;
        private final ServletContext context;

        Config(String filterName, ServletContext context) {
            this.filterName = filterName;
            this.context = context;
        }

        @Override
        public String getFilterName() {
            return filterName;
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public String getInitParameter(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.emptyEnumeration();
        }
    }
}
