package io.linkmesh.opamp;

import com.google.protobuf.ByteString;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.config.DesiredConfigComposer;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.out.AgentNotifier;
import io.linkmesh.opamp.internal.Fleet;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Not a unit test: a load probe run by hand (see the module README) that holds N idle WebSocket
 * agents on one server, reports heap per agent, then pushes a new config to all of them and reports
 * how long until the last one has it. Agents are raw NIO sockets (no client thread or library per
 * agent), so the heap delta is the server's cost plus one SocketChannel per agent.
 *
 * <p>Usage: {@code OpampLoadProbe [agents] [--domain]} (default 10000 agents over a fleet that
 * keeps nothing, so the figures are the adapter's; {@code --domain} runs the real in-memory domain
 * instead, whose test store keeps a full snapshot per registration).
 */
public final class OpampLoadProbe {

  private OpampLoadProbe() {}

  /** A fleet that answers at once and keeps nothing: isolates the adapter's own cost. */
  static class NullFleet implements Fleet {
    volatile @Nullable DesiredConfig desired;

    @Override
    public Auth authenticate(String bearer) {
      return new Auth.Accepted("probe");
    }

    @Override
    public Connect connect(
        Object who,
        String instanceUid,
        Transport transport,
        long capabilities,
        Map<String, String> attrs,
        String address) {
      return new Connect.Connected(instanceUid, null, desired);
    }

    @Override
    public Reported report(String collectorId, Report report) {
      return new Reported(true, desired);
    }

    @Override
    public void disconnect(String collectorId, Gone why) {}

    @Override
    public void ownMetricsOffered(String collectorId, String endpoint) {}
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve();
      return;
    }
    if (args.length > 0 && args[0].equals("agents")) {
      agents(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    boolean withDomain = args.length > 1 && args[1].equals("--domain");
    NullFleet nullFleet = new NullFleet();
    List<String> ids = new ArrayList<>(n);
    try (OpampFixture f =
        new OpampFixture(
            b -> {
              b.idleTimeout(Duration.ofMinutes(10));
              if (!withDomain) {
                b.fleet(nullFleet);
              }
            })) {
      String token =
          f.domain
              .enrollment()
              .mint(
                  new MintEnrollmentTokenCommand(Actor.system(), Duration.ofHours(1), 0, Map.of()))
              .token();
      InetSocketAddress addr = new InetSocketAddress("127.0.0.1", f.port);
      long base = usedHeapAfterGc();
      List<SocketChannel> agents = new ArrayList<>(n);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        byte[] uid = uid();
        ids.add(Wire.uuid(ByteString.copyFrom(uid)));
        agents.add(connect(addr, token, uid));
        if ((i + 1) % 2000 == 0) {
          System.out.printf(
              "connected %d agents in %d ms%n", i + 1, (System.nanoTime() - t0) / 1_000_000);
        }
      }
      long used = usedHeapAfterGc();
      System.out.printf(
          "%d idle agents: heap %.1f MiB over baseline = %.2f KiB per agent (OpAMP adapter, Jetty +"
              + " one client SocketChannel)%n",
          n, (used - base) / 1048576.0, (used - base) / 1024.0 / n);
      System.out.printf("server agent count %d%n", f.opamp.agentCount());

      Selector selector = Selector.open();
      for (SocketChannel c : agents) {
        c.configureBlocking(false);
        c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(4096));
      }
      long push0 = System.nanoTime();
      if (withDomain) {
        f.putConfig("base", Map.of(), OpampFixture.CONFIG);
      } else {
        // What the domain does on a config change: tell the notifier once per collector.
        DesiredConfig desired =
            DesiredConfigComposer.compose(
                CollectorRuntime.OTELCOL,
                List.of(
                    new ConfigSpec(
                        ConfigName.of("base"),
                        CollectorRuntime.OTELCOL,
                        io.linkmesh.domain.config.Selector.ALL,
                        OpampFixture.CONFIG)));
        nullFleet.desired = desired;
        AgentNotifier notifier = f.opamp.notifier();
        for (String id : ids) {
          notifier.desiredConfigChanged(CollectorId.of(id), desired);
        }
      }
      long putDone = System.nanoTime();
      int received = 0;
      long deadline = push0 + Duration.ofSeconds(60).toNanos();
      while (received < n && System.nanoTime() < deadline) {
        selector.select(100);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          ByteBuffer buf = (ByteBuffer) key.attachment();
          SocketChannel c = (SocketChannel) key.channel();
          if (c.read(buf) < 0) {
            key.cancel();
            continue;
          }
          if (frameComplete(buf)) {
            received++;
            key.cancel();
          }
        }
      }
      long push1 = System.nanoTime();
      System.out.printf(
          "push to %d/%d agents: %d ms from the config change (notifying took %d ms)%n",
          received, n, (push1 - push0) / 1_000_000, (putDone - push0) / 1_000_000);
      for (SocketChannel c : agents) {
        c.close();
      }
    }
  }

  /**
   * Two-process mode, server side: prints {@code PORT <port> TOKEN <token>}, then obeys stdin lines
   * {@code heap} (heap per connected agent over the baseline), {@code push} (change every connected
   * agent's desired config, printing {@code PUSH_START <epoch ms>}) and {@code quit}.
   */
  static void serve() throws Exception {
    java.util.Queue<String> ids = new java.util.concurrent.ConcurrentLinkedQueue<>();
    NullFleet fleet =
        new NullFleet() {
          @Override
          public Connect connect(
              Object who,
              String instanceUid,
              Transport transport,
              long capabilities,
              Map<String, String> attrs,
              String address) {
            ids.add(instanceUid);
            return super.connect(who, instanceUid, transport, capabilities, attrs, address);
          }
        };
    try (OpampFixture f =
        new OpampFixture(b -> b.idleTimeout(Duration.ofMinutes(10)).fleet(fleet))) {
      String token =
          f.domain
              .enrollment()
              .mint(
                  new MintEnrollmentTokenCommand(Actor.system(), Duration.ofHours(1), 0, Map.of()))
              .token();
      long base = usedHeapAfterGc();
      System.out.println("PORT " + f.port + " TOKEN " + token);
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(System.in, StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("heap")) {
          long used = usedHeapAfterGc();
          int n = f.opamp.agentCount();
          System.out.printf(
              "SERVER %d idle agents: heap %.1f MiB over baseline = %.2f KiB per agent%n",
              n, (used - base) / 1048576.0, (used - base) / 1024.0 / Math.max(1, n));
        } else if (line.equals("push")) {
          DesiredConfig desired =
              DesiredConfigComposer.compose(
                  CollectorRuntime.OTELCOL,
                  List.of(
                      new ConfigSpec(
                          ConfigName.of("base"),
                          CollectorRuntime.OTELCOL,
                          io.linkmesh.domain.config.Selector.ALL,
                          OpampFixture.CONFIG)));
          fleet.desired = desired;
          AgentNotifier notifier = f.opamp.notifier();
          long start = System.currentTimeMillis();
          System.out.println("PUSH_START " + start);
          for (String id : ids) {
            notifier.desiredConfigChanged(CollectorId.of(id), desired);
          }
          System.out.println("NOTIFIED in " + (System.currentTimeMillis() - start) + " ms");
        } else if (line.equals("quit")) {
          break;
        }
      }
    }
  }

  /**
   * Two-process mode, agent side: connects {@code n} agents, prints {@code CONNECTED n}, waits for
   * one pushed frame on each and prints {@code LAST_FRAME <epoch ms> RECEIVED <count>}.
   */
  static void agents(int port, String token, int n) throws Exception {
    InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
    List<SocketChannel> agents = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      agents.add(connect(addr, token, uid()));
    }
    Selector selector = Selector.open();
    for (SocketChannel c : agents) {
      c.configureBlocking(false);
      c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(4096));
    }
    System.out.println("CONNECTED " + n);
    int received = 0;
    long last = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (received < n && System.nanoTime() < deadline) {
      selector.select(100);
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey key = it.next();
        it.remove();
        ByteBuffer buf = (ByteBuffer) key.attachment();
        if (((SocketChannel) key.channel()).read(buf) < 0) {
          key.cancel();
        } else if (frameComplete(buf)) {
          received++;
          last = System.currentTimeMillis();
          key.cancel();
        }
      }
    }
    System.out.println("LAST_FRAME " + last + " RECEIVED " + received);
    for (SocketChannel c : agents) {
      c.close();
    }
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static SocketChannel connect(InetSocketAddress addr, String token, byte[] uid)
      throws IOException {
    SocketChannel c = SocketChannel.open(addr);
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String upgrade =
        "GET /v1/opamp HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + java.util.Base64.getEncoder().encodeToString(key)
            + "\r\n"
            + "Authorization: Bearer "
            + token
            + "\r\n\r\n";
    c.write(ByteBuffer.wrap(upgrade.getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer in = ByteBuffer.allocate(4096);
    String head = "";
    while (!head.contains("\r\n\r\n")) {
      if (c.read(in) < 0) {
        throw new IOException("closed during upgrade");
      }
      head = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
    }
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
    }
    int bodyStart = head.indexOf("\r\n\r\n") + 4;
    ByteBuffer rest = ByteBuffer.allocate(4096);
    rest.put(in.array(), bodyStart, in.position() - bodyStart);
    AgentToServer hello =
        Wire.hello(ByteString.copyFrom(uid), 0, OpampProtocolTest.MANAGED).build();
    c.write(maskedBinary(Wire.framed(hello)));
    while (!frameComplete(rest)) {
      if (c.read(rest) < 0) {
        throw new IOException("closed before the first reply");
      }
    }
    return c;
  }

  static byte[] uid() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    return b;
  }

  static ByteBuffer maskedBinary(byte[] payload) {
    ByteBuffer out = ByteBuffer.allocate(payload.length + 14);
    out.put((byte) 0x82);
    if (payload.length < 126) {
      out.put((byte) (0x80 | payload.length));
    } else {
      out.put((byte) (0x80 | 126)).putShort((short) payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    out.put(mask);
    for (int i = 0; i < payload.length; i++) {
      out.put((byte) (payload[i] ^ mask[i & 3]));
    }
    return out.flip();
  }

  /** Whether {@code buf} (in write mode) holds at least one whole unmasked server frame. */
  static boolean frameComplete(ByteBuffer buf) {
    int have = buf.position();
    if (have < 2) {
      return false;
    }
    int len = buf.get(1) & 0x7f;
    int header = 2;
    long size = len;
    if (len == 126) {
      if (have < 4) {
        return false;
      }
      size = ((buf.get(2) & 0xff) << 8) | (buf.get(3) & 0xff);
      header = 4;
    } else if (len == 127) {
      if (have < 10) {
        return false;
      }
      size = buf.getLong(2);
      header = 10;
    }
    return have >= header + size;
  }
}
