package dev.jwtauthfilter.jwks;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of at most {@code maxBytes}, and abandons the response (cancelling the
 * subscription, which closes the connection) as soon as it grows beyond that, instead of reading it
 * to the end. A refusing instance abandons the response before reading any of it.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int maxBytes;
    private final JwksFetchException refusal;
    private Flow.Subscription subscription;

    private CappedBody(int maxBytes, JwksFetchException refusal) {
        this.maxBytes = maxBytes;
        this.refusal = refusal;
    }

    /** Reads up to {@code maxBytes}; fails with {@code TOO_LARGE} beyond that. */
    static CappedBody upTo(int maxBytes) {
        return new CappedBody(maxBytes, null);
    }

    /** Reads nothing, and fails with the given exception. */
    static CappedBody refusing(JwksFetchException refusal) {
        return new CappedBody(0, refusal);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (refusal != null) {
            s.cancel();
            body.completeExceptionally(refusal);
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if ((long) buffer.size() + item.remaining() > maxBytes) {
                subscription.cancel();
                body.completeExceptionally(
                        new JwksFetchException(JwksFetchException.Reason.TOO_LARGE, "over " + maxBytes + " bytes"));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
