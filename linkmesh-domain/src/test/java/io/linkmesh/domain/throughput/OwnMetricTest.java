package io.linkmesh.domain.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OwnMetricTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "otelcol_receiver_accepted_spans, RECEIVER, ACCEPTED, SPANS",
    "otelcol_receiver_accepted_spans_total, RECEIVER, ACCEPTED, SPANS",
    "receiver_accepted_spans, RECEIVER, ACCEPTED, SPANS",
    "otelcol.receiver.accepted.spans, RECEIVER, ACCEPTED, SPANS",
    "otelcol_receiver_refused_metric_points, RECEIVER, REFUSED, METRIC_POINTS",
    "otelcol_receiver_failed_log_records, RECEIVER, FAILED, LOG_RECORDS",
    "otelcol_processor_accepted_spans, PROCESSOR, ACCEPTED, SPANS",
    "otelcol_processor_dropped_log_records_total, PROCESSOR, DROPPED, LOG_RECORDS",
    "otelcol_exporter_sent_metric_points, EXPORTER, SENT, METRIC_POINTS",
    "exporter_send_failed_spans, EXPORTER, SEND_FAILED, SPANS",
    "otelcol_exporter_enqueue_failed_log_records, EXPORTER, ENQUEUE_FAILED, LOG_RECORDS",
  })
  void recognisesNamesWithTheirSignal(
      String name, ComponentKind kind, Measure measure, Signal signal) {
    assertThat(OwnMetric.parse(name)).contains(new OwnMetric(kind, measure, signal));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "otelcol_processor_incoming_items, PROCESSOR, INCOMING",
    "otelcol_processor_outgoing_items_total, PROCESSOR, OUTGOING",
    "otelcol_exporter_queue_size, EXPORTER, QUEUE_SIZE",
    "exporter_queue_capacity, EXPORTER, QUEUE_CAPACITY",
  })
  void recognisesNamesWhoseSignalIsAnAttribute(String name, ComponentKind kind, Measure measure) {
    assertThat(OwnMetric.parse(name)).contains(new OwnMetric(kind, measure, null));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "otelcol_process_uptime",
        "otelcol_process_memory_rss_bytes",
        "otelcol_receiver_accepted_profiles",
        "otelcol_exporter_sent_spansx",
        "otelcol_processor_batch_batch_send_size",
        "http.server.request.duration",
        "receiver"
      })
  void ignoresOtherMetrics(String name) {
    assertThat(OwnMetric.parse(name)).isEmpty();
  }
}
