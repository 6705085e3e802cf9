package dev.jwtauthfilter.revocation.redis;

import dev.jwtauthfilter.revocation.SharedRevocationStore.ChangeListener;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;

/**
 * The change feed of one store: a daemon thread subscribed to the change channel on a connection of
 * its own, and a daemon pinger.
 *
 * <p>Why {@link ChangeListener#synced} is true when called: the pinger reads {@code System.nanoTime()}
 * and then sends {@code PING <that reading>} on the subscribed connection. Redis answers it after
 * every message it published before it processed the PING, in order, on the same connection; each
 * write and its message are one script, so every change made before the reading has been delivered
 * when the PONG carrying it comes back. The PONG handler then reports the reading.
 *
 * <p>On every (re)subscription the listener first hears {@link ChangeListener#cacheInvalid}, since
 * messages published while no subscription existed are lost. A connection that fails, or whose PONG
 * is late by more than the staleness window plus the timeout, is dropped and replaced after a backoff
 * of 100 ms doubling up to 2 s; {@code onDisconnect} runs each time (the backend drops its pooled
 * connections, which are likely dead too).
 */
final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = System.getLogger(RedisRevocationStore.class.getName());
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final String name;
    private final HostAndPort server;
    private final JedisClientConfig config;
    private final String channel;
    private final long pingIntervalNanos;
    private final long pongDeadlineNanos;
    private final Duration joinTimeout;
    private final Runnable onDisconnect;
    private final LongSupplier nanoTime = System::nanoTime;
    private final Object lock = new Object();

    private Thread reader;
    private ScheduledExecutorService pinger;
    private Connection connection;
    private Subscriber subscriber;
    private boolean closed;
    private boolean down;

    /**
     * @param name the server, without credentials, for log lines and thread names
     * @param server where Redis listens
     * @param config how to connect and log in; must speak RESP2, whose subscribed-mode PONG carries
     *     the PING's argument as a push the subscriber reads in order with the messages
     * @param channel the change channel
     * @param staleness the store's staleness window: pings go out four times within it
     * @param timeout the connect and command timeout
     * @param onDisconnect runs on the reader thread each time the subscription is lost
     */
    ChangeFeed(
            String name,
            HostAndPort server,
            JedisClientConfig config,
            String channel,
            Duration staleness,
            Duration timeout,
            Runnable onDisconnect) {
        this.name = name;
        this.server = server;
        this.config = config;
        this.channel = channel;
        this.pingIntervalNanos =
                Math.max(staleness.toNanos() / 4, Duration.ofMillis(10).toNanos());
        this.pongDeadlineNanos = staleness.plus(timeout).toNanos();
        this.joinTimeout = timeout.plusSeconds(2);
        this.onDisconnect = onDisconnect;
    }

    /** Starts the reader and the pinger; changes go to the listener from the reader thread. */
    void start(ChangeListener listener) {
        synchronized (lock) {
            if (reader != null || closed) {
                throw new IllegalStateException("the change feed of " + name + " was already started");
            }
            reader = new Thread(() -> readLoop(listener), "jwt-auth-filter revocation feed " + name);
            reader.setDaemon(true);
            pinger = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "jwt-auth-filter revocation ping " + name);
                t.setDaemon(true);
                return t;
            });
            reader.start();
            pinger.scheduleAtFixedRate(this::tick, pingIntervalNanos, pingIntervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops both threads and waits for them; the subscribed connection is closed. */
    @Override
    public void close() {
        Thread r;
        ScheduledExecutorService p;
        synchronized (lock) {
            closed = true;
            r = reader;
            p = pinger;
            disconnect(connection);
        }
        if (p != null) {
            p.shutdownNow();
        }
        if (r != null) {
            r.interrupt();
            try {
                r.join(joinTimeout.toMillis());
                if (p != null) {
                    p.awaitTermination(joinTimeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (r.isAlive()) {
                LOG.log(Level.WARNING, "The revocation change feed of {0} did not stop in time", name);
            }
        }
    }

    private void readLoop(ChangeListener listener) {
        long backoffMillis = MIN_BACKOFF.toMillis();
        while (!isClosed()) {
            FeedConnection c = null;
            Subscriber s = null;
            try {
                c = new FeedConnection(server, config);
                s = new Subscriber(listener, c);
                synchronized (lock) {
                    if (closed) {
                        break;
                    }
                    connection = c;
                    subscriber = s;
                }
                s.proceed(c, channel); // returns or throws only when the subscription ends
            } catch (RuntimeException e) {
                if (!isClosed()) {
                    lost(e);
                }
            } finally {
                synchronized (lock) {
                    connection = null;
                    subscriber = null;
                }
                if (c != null) {
                    disconnect(c);
                }
            }
            if (isClosed()) {
                break;
            }
            onDisconnect.run();
            backoffMillis = s != null && s.subscribed
                    ? MIN_BACKOFF.toMillis()
                    : Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                if (isClosed()) {
                    break;
                }
            }
        }
    }

    /** Every ping interval: send a ping carrying the time, or drop a connection whose PONG is late. */
    private void tick() {
        try {
            pingOrDrop();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again; the next tick tries afresh
            LOG.log(
                    Level.DEBUG,
                    "Revocation change feed of {0}: ping failed ({1})",
                    name,
                    e.getClass().getName());
        }
    }

    private void pingOrDrop() {
        Subscriber s;
        Connection c;
        synchronized (lock) {
            s = subscriber;
            c = connection;
        }
        if (s == null || !s.subscribed) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - s.lastPongNanos > pongDeadlineNanos) {
            LOG.log(
                    Level.DEBUG,
                    "Revocation change feed of {0}: no PONG within {1} ms, reconnecting",
                    name,
                    pongDeadlineNanos / 1_000_000);
            disconnect(c);
            return;
        }
        s.sendPing(now);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void lost(RuntimeException e) {
        boolean first;
        synchronized (lock) {
            first = !down;
            down = true;
        }
        if (first) {
            // INFO, not WARN: the filter logs the one WARN of an outage when it has to refuse requests
            LOG.log(
                    Level.INFO,
                    "Revocation change feed of {0} is down ({1}); cached answers are not used until it is back."
                            + " Retrying every {2} to {3} ms",
                    name,
                    e.getClass().getName(),
                    MIN_BACKOFF.toMillis(),
                    MAX_BACKOFF.toMillis());
        } else {
            LOG.log(
                    Level.DEBUG,
                    "Revocation change feed of {0} still down ({1})",
                    name,
                    e.getClass().getName());
        }
    }

    private void subscribedAgain() {
        boolean wasDown;
        synchronized (lock) {
            wasDown = down;
            down = false;
        }
        if (wasDown) {
            LOG.log(Level.INFO, "Revocation change feed of {0} is back", name);
        }
    }

    private static void disconnect(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.forceDisconnect();
        } catch (IOException | RuntimeException e) {
            // closing a connection that is already broken
        }
    }

    /** One subscription on one connection; the reader thread runs its callbacks. */
    private final class Subscriber extends JedisPubSub {
        private final ChangeListener listener;
        private final FeedConnection connection;
        volatile boolean subscribed;
        volatile long lastPongNanos;

        Subscriber(ChangeListener listener, FeedConnection connection) {
            this.listener = listener;
            this.connection = connection;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            listener.cacheInvalid(); // whatever was published while unsubscribed is lost
            lastPongNanos = nanoTime.getAsLong();
            subscribed = true;
            subscribedAgain();
            sendPing(nanoTime.getAsLong()); // the first sync point now, not one interval later
        }

        @Override
        public void onMessage(String channel, String message) {
            RedisKeys.Change change = RedisKeys.parse(message);
            if (change == null) {
                listener.cacheInvalid(); // not ours to read: forget everything rather than guess
            } else if (change.kind() == RedisKeys.Kind.TOKEN_REVOKED) {
                listener.tokenRevoked(change.issuer(), change.id());
            } else {
                listener.subjectCutOff(change.issuer(), change.id());
            }
        }

        @Override
        public void onPong(String argument) {
            lastPongNanos = nanoTime.getAsLong();
            if (argument == null) {
                return;
            }
            try {
                listener.synced(Long.parseLong(argument));
            } catch (NumberFormatException e) {
                // not a ping of ours
            }
        }

        /** From the pinger or the reader. */
        void sendPing(long nanos) {
            try {
                connection.ping(Long.toString(nanos));
            } catch (RuntimeException e) {
                // the reader sees the broken connection and reconnects
            }
        }
    }

    /**
     * The subscribed connection, with a PING of our own. {@code JedisPubSub.ping} in Jedis 8.0.2
     * queues a reply handler only after sending, so a fast PONG can arrive first and fail the
     * subscription ("Unexpected message"), and over RESP2 the handlers are never dequeued. Here the
     * PONG goes to {@code onPong} with its argument, and nothing is queued.
     */
    static final class FeedConnection extends Connection {
        private final Object writing = new Object();

        FeedConnection(HostAndPort server, JedisClientConfig config) {
            super(server, config);
        }

        /** Sends {@code PING argument}; the pinger and the reader may both call it. */
        void ping(String argument) {
            synchronized (writing) {
                sendCommand(Protocol.Command.PING, argument);
                flush();
            }
        }
    }
}
