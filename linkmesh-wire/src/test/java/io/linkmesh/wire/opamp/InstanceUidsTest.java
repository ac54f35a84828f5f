package io.linkmesh.wire.opamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InstanceUidsTest {

  @Test
  void aUidReadsAsCanonicalUuidText() {
    ByteString uid =
        ByteString.copyFrom(HexFormat.of().parseHex("0192f3a1b2c37def8123456789abcdef"));

    assertThat(InstanceUids.text(uid)).isEqualTo("0192f3a1-b2c3-7def-8123-456789abcdef");
  }

  @Test
  void aNewUidIsAVersion7UuidCarryingItsMilliseconds() {
    long millis = 1_795_700_000_123L;

    ByteString uid = InstanceUids.newV7(millis, new SplittableRandom(7));

    UUID u = UUID.fromString(InstanceUids.text(uid));
    assertThat(uid.size()).isEqualTo(16);
    assertThat(u.version()).isEqualTo(7);
    assertThat(u.variant()).isEqualTo(2);
    assertThat(u.getMostSignificantBits() >>> 16).isEqualTo(millis);
    assertThat(InstanceUids.newV7(millis, new SplittableRandom(8))).isNotEqualTo(uid);
  }

  @Test
  void aUidOfAnotherLengthIsRefused() {
    assertThatThrownBy(() -> InstanceUids.text(ByteString.copyFrom(new byte[15])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15");
  }
}
