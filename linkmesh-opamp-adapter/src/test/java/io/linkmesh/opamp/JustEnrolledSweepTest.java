package io.linkmesh.opamp;

import static io.linkmesh.opamp.Wire.hello;
import static io.linkmesh.opamp.Wire.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.linkmesh.opamp.internal.Fleet;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The "Flaky under load" 401 of issue #14: a plain-HTTP agent's state is indexed before its first
 * message is recorded; a sweep that ran in between took it for an agent silent since the epoch,
 * forgot it, and the message that had just enrolled the collector was answered 401 "collector is no
 * longer registered". The sweep is made to run exactly there.
 */
class JustEnrolledSweepTest {
  static final long REPORTS_STATUS = 0x1;
  static final long ACCEPTS_OPAMP_SETTINGS = 0x100;

  /** Holds the first report until released, and says when it is being held. */
  static final class HeldReport implements Fleet {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final Fleet fleet;

    HeldReport(Fleet fleet) {
      this.fleet = fleet;
    }

    @Override
    public Auth authenticate(String bearer) {
      return fleet.authenticate(bearer);
    }

    @Override
    public Connect connect(
        Object who,
        String instanceUid,
        io.linkmesh.domain.fleet.Transport transport,
        long capabilities,
        Map<String, String> attrs,
        String address) {
      return fleet.connect(who, instanceUid, transport, capabilities, attrs, address);
    }

    @Override
    public Reported report(String collectorId, Report report) {
      if (entered.getCount() > 0) {
        entered.countDown();
        try {
          assertThat(release.await(Wire.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return fleet.report(collectorId, report);
    }

    @Override
    public void disconnect(String collectorId, Gone why) {
      fleet.disconnect(collectorId, why);
    }

    @Override
    public void ownMetricsOffered(String collectorId, String endpoint) {
      fleet.ownMetricsOffered(collectorId, endpoint);
    }
  }

  @Nullable HeldReport held;

  @Test
  void aSweepWhileTheFirstMessageIsRecordedDoesNotRefuseTheJustEnrolledAgent() throws Exception {
    try (OpampFixture f =
        OpampFixture.around(
            fleet -> {
              held = new HeldReport(fleet);
              return held;
            })) {
      HeldReport hold = held;
      assertThat(hold).isNotNull();
      ByteString uid = Wire.uid();
      String token = f.mint();
      CompletableFuture<HttpResponse<byte[]>> first =
          CompletableFuture.supplyAsync(
              () ->
                  post(
                      f.http(),
                      token,
                      hello(uid, 0, REPORTS_STATUS | ACCEPTS_OPAMP_SETTINGS)
                          .build()
                          .toByteArray()));
      assertThat(hold.entered.await(Wire.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

      int swept = f.opamp.machine().sweep();
      hold.release.countDown();

      HttpResponse<byte[]> response = first.get(Wire.WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(response.statusCode())
          .as("%s", new String(response.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);
      assertThat(swept).isZero();
      assertThat(f.collector(Wire.uuid(uid)).live().connected()).isTrue();
      assertThat(f.opamp.agentCount()).isEqualTo(1);
    }
  }
}
