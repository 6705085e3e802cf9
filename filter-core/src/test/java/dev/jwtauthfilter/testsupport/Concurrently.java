package dev.jwtauthfilter.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on many threads released together, and waits for all of them (rethrowing the first failure). */
public final class Concurrently {
    /** The work of one thread, given its number from 0. */
    @FunctionalInterface
    public interface ThreadTask {
        void run(int thread) throws Exception;
    }

    private Concurrently() {}

    public static void run(int threads, Duration timeout, ThreadTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> callable = () -> {
                    start.await();
                    task.run(thread);
                    return null;
                };
                futures.add(pool.submit(callable));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
