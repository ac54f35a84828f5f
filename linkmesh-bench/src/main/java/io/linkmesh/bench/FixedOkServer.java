package io.linkmesh.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The baseline of the Alloy row: a bare Jetty 12 server whose one handler answers every request
 * with a fixed 200 and a small body. Thread pool, connector and HTTP settings are the LinkMesh
 * server's, so the comparison measures the handler's work, not a different Jetty set-up.
 *
 * <p>{@code java -Xmx1g -cp linkmesh-bench.jar io.linkmesh.bench.FixedOkServer [port]}
 */
public final class FixedOkServer {
  private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private FixedOkServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("fixed-ok");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    http.setRequestHeaderSize(16 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(TimeUnit.MINUTES.toMillis(5));
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
            response.write(true, ByteBuffer.wrap(BODY), callback);
            return true;
          }
        });
    server.start();
    System.out.println("FixedOkServer ready on 127.0.0.1:" + connector.getLocalPort());
    System.out.flush();
    server.join();
  }
}
