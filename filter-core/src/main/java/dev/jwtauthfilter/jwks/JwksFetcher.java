package dev.jwtauthfilter.jwks;

import dev.jwtauthfilter.config.JwksSettings;
import dev.jwtauthfilter.jwks.JwksFetchException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One GET of the JWKS with hard limits: the connect timeout, the read timeout for the whole response,
 * an overall deadline of both together (the request is cancelled when it passes), a body of at most
 * {@code maxBytes} (abandoned beyond it, or at once when {@code Content-Length} says so), status 200
 * only, and redirects never followed. Thread-safe.
 */
final class JwksFetcher {
    /** What a successful fetch returned. */
    record Response(byte[] body, Optional<Duration> maxAge) {}

    private final HttpClient client;
    private final JwksSettings settings;

    JwksFetcher(JwksSettings settings) {
        this.settings = settings;
        ProxySelector proxies = ProxySelector.getDefault();
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(proxies != null ? proxies : HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** The longest a fetch can take before it is abandoned: connect plus read timeout. */
    Duration deadline() {
        return settings.connectTimeout().plus(settings.readTimeout());
    }

    Response fetch() throws JwksFetchException {
        HttpRequest request = HttpRequest.newBuilder(settings.uri())
                .timeout(settings.readTimeout())
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, this::body);
        try {
            HttpResponse<byte[]> response = pending.get(deadline().toMillis(), TimeUnit.MILLISECONDS);
            return new Response(
                    response.body(), CacheControl.maxAge(response.headers().allValues("Cache-Control")));
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new JwksFetchException(Reason.READ_TIMEOUT);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new JwksFetchException(Reason.INTERRUPTED);
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        }
    }

    private HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status != 200) {
            Reason reason = status >= 300 && status < 400 ? Reason.REDIRECT : Reason.HTTP_STATUS;
            return CappedBody.refusing(new JwksFetchException(reason, "status " + status));
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        if (declared > settings.maxBytes()) {
            return CappedBody.refusing(
                    new JwksFetchException(Reason.TOO_LARGE, "Content-Length over " + settings.maxBytes() + " bytes"));
        }
        return CappedBody.upTo(settings.maxBytes());
    }

    /** The HttpClient may wrap the cause (a body refusal in an IOException, say): look down the chain. */
    private static JwksFetchException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JwksFetchException) {
                return (JwksFetchException) t;
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new JwksFetchException(Reason.CONNECT_TIMEOUT);
            }
            if (t instanceof HttpTimeoutException) {
                return new JwksFetchException(Reason.READ_TIMEOUT);
            }
            if (t instanceof ConnectException) {
                return new JwksFetchException(Reason.CONNECT_FAILED);
            }
        }
        String type = failure == null ? "unknown" : failure.getClass().getName();
        return new JwksFetchException(Reason.IO_ERROR, failure instanceof IOException ? type : "unexpected " + type);
    }
}
