package io.linkmesh.bench.internal;

import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty HttpClients for the load generators (plain HTTP, keep-alive). */
public final class LoadClients {
  private LoadClients() {}

  /** A started client holding at most {@code connections} connections per server. */
  public static HttpClient start(int connections) {
    HttpClient client = new HttpClient();
    QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, connections * 2), 4);
    threads.setName("bench-load");
    client.setExecutor(threads);
    client.setMaxConnectionsPerDestination(connections);
    client.setMaxRequestsQueuedPerDestination(Math.max(1024, connections * 16));
    client.setIdleTimeout(TimeUnit.MINUTES.toMillis(2));
    client.setFollowRedirects(false);
    try {
      client.start();
    } catch (Exception e) {
      throw new BenchException("cannot start the HTTP client: " + e.getMessage(), e);
    }
    return client;
  }

  public static void stop(HttpClient client) {
    try {
      client.stop();
    } catch (Exception e) {
      // Closing a load client at the end of a run; nothing depends on it any more.
    }
  }

  /** A POST of {@code body} with a bearer token. */
  public static Request post(
      HttpClient client, URI uri, String token, String contentType, byte[] body) {
    return client
        .newRequest(uri)
        .method(HttpMethod.POST)
        .timeout(30, TimeUnit.SECONDS)
        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
        .body(new BytesRequestContent(contentType, body));
  }

  /** Sends and waits (set-up calls, not the measured load). */
  public static ContentResponse send(Request request) {
    try {
      return request.send();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    } catch (TimeoutException | ExecutionException e) {
      throw new BenchException(
          request.getMethod() + " " + request.getURI() + " failed: " + e.getMessage(), e);
    }
  }
}
