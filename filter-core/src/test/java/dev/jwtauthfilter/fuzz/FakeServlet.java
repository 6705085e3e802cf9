package dev.jwtauthfilter.fuzz;

import dev.jwtauthfilter.testsupport.CapturingOutputStream;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written servlet fakes for the fuzz target (Mockito records every call and is far too slow for
 * fuzzing). Each answers only what the filter asks; any other call throws, so that the fuzz test
 * notices when the filter starts asking something new.
 */
final class FakeServlet {
    /** Where the fake requests claim to be served: their own origin is {@code https://api.example.test}. */
    static final String SERVER_NAME = "api.example.test";

    private FakeServlet() {}

    /** A filter config for a preset {@code JwtAuthConfig}: a name and a context with attributes. */
    static FilterConfig filterConfig(String filterName, String contextPath) {
        Map<String, Object> attributes = new HashMap<>();
        ServletContext context = proxy(ServletContext.class, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getContextPath":
                    return contextPath;
                case "getAttribute":
                    return attributes.get((String) args[0]);
                case "setAttribute":
                    attributes.put((String) args[0], args[1]);
                    return null;
                case "getClassLoader":
                    return FakeServlet.class.getClassLoader();
                default:
                    return objectMethod(proxy, method, args, "FakeServletContext");
            }
        });
        return proxy(FilterConfig.class, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getServletContext":
                    return context;
                case "getFilterName":
                    return filterName;
                case "getInitParameterNames":
                    return Collections.emptyEnumeration();
                case "getInitParameter":
                    return null;
                default:
                    return objectMethod(proxy, method, args, "FakeFilterConfig");
            }
        });
    }

    /** A request with the method, path, headers and cookies of a decoded fuzz input. */
    static final class Request implements InvocationHandler {
        private final String method;
        private final String path;
        private final List<String> authorization;
        private final List<String> origins;
        private final String referer;
        private final Cookie[] cookies;
        final Map<String, Object> attributes = new LinkedHashMap<>();

        Request(
                String method,
                String path,
                List<String> authorization,
                List<String> origins,
                String referer,
                List<Cookie> cookies) {
            this.method = method;
            this.path = path;
            this.authorization = authorization;
            this.origins = origins;
            this.referer = referer;
            this.cookies = cookies.isEmpty() ? null : cookies.toArray(new Cookie[0]);
        }

        HttpServletRequest proxy() {
            return FakeServlet.proxy(HttpServletRequest.class, this);
        }

        private List<String> headers(String name) {
            if ("Authorization".equalsIgnoreCase(name)) {
                return authorization;
            }
            if ("Origin".equalsIgnoreCase(name)) {
                return origins;
            }
            if ("Referer".equalsIgnoreCase(name) && referer != null) {
                return List.of(referer);
            }
            return List.of();
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) {
            switch (m.getName()) {
                case "getMethod":
                    return method;
                case "getServletPath":
                    return path;
                case "getPathInfo":
                    return null;
                case "getContextPath":
                    return "";
                case "getRequestURI":
                    return path;
                case "getScheme":
                    return "https";
                case "getServerName":
                    return SERVER_NAME;
                case "getServerPort":
                    return 443;
                case "isSecure":
                    return true;
                case "getHeaders":
                    return Collections.enumeration(headers((String) args[0]));
                case "getHeader": {
                    List<String> values = headers((String) args[0]);
                    return values.isEmpty() ? null : values.get(0);
                }
                case "getCookies":
                    return cookies == null ? null : cookies.clone();
                case "getAttribute":
                    return attributes.get((String) args[0]);
                case "setAttribute":
                    attributes.put((String) args[0], args[1]);
                    return null;
                case "removeAttribute":
                    attributes.remove((String) args[0]);
                    return null;
                case "getUserPrincipal":
                case "getRemoteUser":
                case "getAuthType":
                    return null;
                case "isUserInRole":
                    return false;
                default:
                    return objectMethod(proxy, m, args, "FakeRequest");
            }
        }
    }

    /** Records status, headers and body. */
    static final class Response implements InvocationHandler {
        int status;
        String contentType;
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        HttpServletResponse proxy() {
            return FakeServlet.proxy(HttpServletResponse.class, this);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) {
            switch (m.getName()) {
                case "setStatus":
                    status = (Integer) args[0];
                    return null;
                case "sendError":
                    status = (Integer) args[0];
                    return null;
                case "setHeader":
                    headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                    return null;
                case "addHeader":
                    headers.computeIfAbsent((String) args[0], k -> new ArrayList<>())
                            .add((String) args[1]);
                    return null;
                case "setContentType":
                    contentType = (String) args[0];
                    return null;
                case "setContentLength":
                case "setCharacterEncoding":
                    return null;
                case "getOutputStream":
                    return new CapturingOutputStream(body);
                case "isCommitted":
                    return false;
                default:
                    return objectMethod(proxy, m, args, "FakeResponse");
            }
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
        switch (method.getName()) {
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return name;
            default:
                throw new UnsupportedOperationException(name + "." + method.getName());
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
