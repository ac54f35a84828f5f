package io.linkmesh.domain.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Starts tasks together so they really race. */
final class RaceHelper {
  private RaceHelper() {}

  static <T> List<T> race(int n, IntFunction<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<T> c =
            () -> {
              start.await();
              return task.apply(index);
            };
        futures.add(pool.submit(c));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> future : futures) {
        out.add(future.get(30, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
