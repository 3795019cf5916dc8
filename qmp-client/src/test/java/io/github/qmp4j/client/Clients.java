package io.github.qmp4j.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Test helpers for connecting clients while the test thread plays the peer. */
final class Clients {
  private Clients() {}

  static QmpClientBuilder fast() {
    return QmpClient.builder()
        .connectTimeout(Duration.ofSeconds(10))
        .commandTimeout(Duration.ofSeconds(10));
  }

  /** Starts connecting on another thread. */
  static CompletableFuture<Void> connectAsync(QmpClient client, String address) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            client.connect(address);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        });
  }

  /** Waits for a future, returning its failure's cause, or fails the test if it succeeded. */
  static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the future did not complete", e);
    }
    throw new AssertionError("expected a failure, got success");
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }
}
