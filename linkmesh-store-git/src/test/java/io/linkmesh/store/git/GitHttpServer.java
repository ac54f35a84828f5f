package io.linkmesh.store.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Git remote over smart HTTP for tests: the JDK's HTTP server runs {@code git http-backend} as a
 * CGI for each request, behind HTTP basic authentication. (JGit's own HTTP server needs the Servlet
 * API, which this project does not allow.) {@link #available(boolean)} takes the remote away and
 * gives it back.
 */
final class GitHttpServer implements AutoCloseable {
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private final Path root;
  private final String user;
  private final String password;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private volatile boolean available = true;

  GitHttpServer(Path root, String user, String password) throws IOException {
    this.root = root;
    this.user = user;
    this.password = password;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of a repository under the root, e.g. {@code remote.git}. */
  String url(String repository) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
  }

  void available(boolean value) {
    this.available = value;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!available) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      String expected =
          "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body = readBounded(exchange.getRequestBody());
      Path input = Files.createTempFile("git-http", ".in");
      try {
        Files.write(input, body);
        ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
        String query = exchange.getRequestURI().getRawQuery();
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("CONTENT_LENGTH", Integer.toString(body.length));
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", "127.0.0.1");
        copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
        copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
        copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
        builder.redirectInput(input.toFile());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        byte[] output = readBounded(process.getInputStream());
        process.waitFor(30, TimeUnit.SECONDS);
        respond(exchange, output);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(500, -1);
      } finally {
        Files.deleteIfExists(input);
      }
    }
  }

  private static void copyHeader(
      HttpExchange exchange, String header, Map<String, String> env, String variable) {
    String value = exchange.getRequestHeaders().getFirst(header);
    if (value != null) {
      env.put(variable, value);
    }
  }

  /** Sends a CGI response: header lines, an empty line, the body. */
  private static void respond(HttpExchange exchange, byte[] output) throws IOException {
    int status = 200;
    int pos = 0;
    while (pos < output.length) {
      int eol = pos;
      while (eol < output.length && output[eol] != '\n') {
        eol++;
      }
      String line = new String(output, pos, eol - pos, UTF_8).strip();
      pos = eol + 1;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.substring(0, 3));
      } else {
        exchange.getResponseHeaders().add(name, value);
      }
    }
    int length = Math.max(0, output.length - pos);
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(output, pos, length);
      }
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      if (out.size() > MAX_BODY) {
        throw new IOException("body larger than " + MAX_BODY);
      }
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
