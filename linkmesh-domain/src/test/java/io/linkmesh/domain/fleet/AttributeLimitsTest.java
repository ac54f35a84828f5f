package io.linkmesh.domain.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AttributeLimitsTest {

  private static final AttributeLimits SMALL = new AttributeLimits(3, 8, 5, 20);

  @Nested
  class WhatARealCollectorReports {
    @Test
    void anOtelcolSupervisorDescriptionIsKeptWhole() {
      Map<String, String> supervisor =
          Map.of(
              "service.instance.id", "0190f3c2-7c1e-7d3a-9a51-3b0c7e1f2a44",
              "service.name", "otelcol-contrib",
              "service.version", "0.139.0",
              "os.type", "linux",
              "os.description", "Debian GNU/Linux 12 (bookworm) (Linux web-01 6.1.0-26-amd64)",
              "host.arch", "amd64",
              "host.name", "web-01.eu-west-1.compute.internal");

      assertThat(AttributeLimits.COLLECTOR.fits(supervisor)).isTrue();
      assertThat(AttributeLimits.COLLECTOR.bound(supervisor)).isEqualTo(supervisor);
    }

    @Test
    void theBoundMapIsSortedByKey() {
      assertThat(AttributeLimits.COLLECTOR.bound(Map.of("b", "2", "a", "1")).keySet())
          .containsExactly("a", "b");
    }
  }

  @Nested
  class WhatIsCut {
    @Test
    void keysThatNoSelectorCouldNameAreDropped() {
      Map<String, String> reported = new HashMap<>();
      reported.put("", "empty");
      reported.put("123456789", "too long");
      reported.put("a\u0000b", "control");
      reported.put("ok", "kept");

      assertThat(SMALL.bound(reported)).containsExactly(Map.entry("ok", "kept"));
    }

    @Test
    void longValuesAreCutToTheLimit() {
      assertThat(SMALL.bound(Map.of("k", "abcdefgh"))).containsExactly(Map.entry("k", "abcde"));
    }

    @Test
    void aValueIsNeverCutInsideASurrogatePair() {
      String value = "abcd\uD83D\uDE00"; // "abcd" + an emoji: the cut at 5 falls inside it

      assertThat(SMALL.bound(Map.of("k", value))).containsExactly(Map.entry("k", "abcd"));
    }

    @Test
    void entriesPastTheCountAreDroppedInKeyOrder() {
      assertThat(SMALL.bound(Map.of("d", "4", "c", "3", "b", "2", "a", "1")).keySet())
          .containsExactly("a", "b", "c");
    }

    @Test
    void anEntryPastTheTotalIsDroppedAndSmallerLaterOnesStillFit() {
      // Keys plus values: a 6, bbbbbbb 12 (18 so far), c 6 (24 > 20: dropped), d 2 (20: kept).
      Map<String, String> reported =
          Map.of("a", "aaaaa", "bbbbbbb", "bbbbb", "c", "ccccc", "d", "d");

      assertThat(SMALL.bound(reported).keySet()).containsExactly("a", "bbbbbbb", "d");
    }

    @Test
    void preferredEntriesAreTakenBeforeAnyOfTheRest() {
      Map<String, String> identifying = Map.of("zz", "id", "k", "mine");
      Map<String, String> others = Map.of("a", "1", "b", "2", "k", "theirs");

      assertThat(SMALL.bound(identifying, others))
          .containsExactly(Map.entry("a", "1"), Map.entry("k", "mine"), Map.entry("zz", "id"));
    }

    @Test
    void boundingTwiceChangesNothing() {
      Map<String, String> huge = new HashMap<>();
      for (int i = 0; i < 256; i++) {
        huge.put("attribute." + i, "x".repeat(4096));
      }
      Map<String, String> once = AttributeLimits.COLLECTOR.bound(huge);

      assertThat(AttributeLimits.COLLECTOR.bound(once)).isEqualTo(once);
      assertThat(AttributeLimits.COLLECTOR.fits(once)).isTrue();
      assertThat(AttributeLimits.COLLECTOR.fits(huge)).isFalse();
    }

    @Test
    void aHugeReportKeepsAtMostTheTotal() {
      Map<String, String> huge = new HashMap<>();
      for (int i = 0; i < 256; i++) {
        huge.put("attribute." + i, "x".repeat(4096));
      }
      Map<String, String> kept = AttributeLimits.COLLECTOR.bound(huge);

      long total =
          kept.entrySet().stream()
              .mapToLong(e -> e.getKey().length() + e.getValue().length())
              .sum();
      assertThat(total).isLessThanOrEqualTo(AttributeLimits.COLLECTOR.maxTotalChars());
      assertThat(kept).hasSizeLessThanOrEqualTo(AttributeLimits.COLLECTOR.maxEntries());
    }
  }
}
