package io.linkmesh.config.otelcol;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtelcolConfigValidatorTest {

  private final OtelcolConfigValidator validator = new OtelcolConfigValidator();

  static final String VALID =
      """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: 0.0.0.0:4317
        hostmetrics/2:
          scrapers: {cpu: {}}
      processors:
        batch:
      exporters:
        otlphttp/grafana:
          endpoint: https://otlp.example.com/otlp
        debug:
      connectors:
        count:
      extensions:
        health_check:
      service:
        extensions: [health_check]
        pipelines:
          traces:
            receivers: [otlp]
            processors: [batch]
            exporters: [otlphttp/grafana, count]
          metrics/2:
            receivers: [hostmetrics/2, count]
            exporters: [debug]
      """;

  private List<ValidationProblem> problems(String yaml) {
    ValidationResult result = validator.validate(yaml);
    if (result instanceof ValidationResult.Invalid invalid) {
      assertThat(invalid.problems()).isEqualTo(validator.problems(yaml));
      return invalid.problems();
    }
    assertThat(validator.problems(yaml)).isEmpty();
    return List.of();
  }

  @Nested
  class Accepts {
    @Test
    void aPlausibleCollectorConfigWithIdsConnectorsAndExtensions() {
      assertThat(problems(VALID)).isEmpty();
    }

    @Test
    void emptyComponentSettings() {
      assertThat(
              problems(
                  """
                  receivers: {nop: }
                  exporters: {nop: {}}
                  service: {pipelines: {logs: {receivers: [nop], exporters: [nop]}}}
                  """))
          .isEmpty();
    }
  }

  @Nested
  class Refuses {
    @Test
    void brokenYamlWithOneBasedPosition() {
      List<ValidationProblem> p = problems("receivers:\n  otlp: [a, b\nservice: {}\n");
      assertThat(p).hasSize(1);
      assertThat(p.get(0).message()).startsWith("invalid YAML");
      assertThat(p.get(0).line()).isGreaterThanOrEqualTo(2);
      assertThat(p.get(0).column()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void tabIndentationIsAYamlErrorAtItsLine() {
      List<ValidationProblem> p = problems("service:\n\tpipelines: {}\n");
      assertThat(p).singleElement().satisfies(x -> assertThat(x.line()).isEqualTo(2));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "   \n", "# only a comment\n", "~"})
    void emptyConfig(String yaml) {
      assertThat(problems(yaml))
          .singleElement()
          .extracting(ValidationProblem::message)
          .isEqualTo("config is empty");
    }

    @Test
    void aScalarOrListRoot() {
      assertThat(problems("hello"))
          .singleElement()
          .extracting(ValidationProblem::message)
          .asString()
          .contains("must be a YAML mapping");
      assertThat(problems("- a\n- b\n")).hasSize(1);
    }

    @Test
    void missingService() {
      assertThat(problems("receivers: {otlp: {}}\n"))
          .singleElement()
          .isEqualTo(new ValidationProblem(1, 1, "missing 'service' section"));
    }

    @Test
    void missingPipelines() {
      assertThat(problems("service:\n  extensions: []\n"))
          .extracting(ValidationProblem::message)
          .containsExactly("'service.pipelines' is missing: a collector needs a pipeline");
    }

    @Test
    void undefinedReceiverAtItsLineAndColumn() {
      String yaml =
          """
          receivers: {otlp: {}}
          exporters: {debug: {}}
          service:
            pipelines:
              traces:
                receivers: [otlp, jaeger]
                exporters: [debug]
          """;
      assertThat(problems(yaml))
          .containsExactly(
              new ValidationProblem(
                  6,
                  25,
                  "pipeline 'traces' receivers references 'jaeger', which is not defined in"
                      + " receivers or connectors"));
    }

    @Test
    void undefinedProcessorAndExporterBlockStyle() {
      String yaml =
          """
          receivers:
            otlp:
          exporters:
            otlp/backend:
              endpoint: x:4317
          service:
            pipelines:
              metrics:
                receivers:
                  - otlp
                processors:
                  - batch
                exporters:
                  - otlp/other
          """;
      assertThat(problems(yaml))
          .extracting(ValidationProblem::line, ValidationProblem::message)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  12,
                  "pipeline 'metrics' processors references 'batch', which is not defined in"
                      + " processors"),
              org.assertj.core.groups.Tuple.tuple(
                  14,
                  "pipeline 'metrics' exporters references 'otlp/other', which is not defined in"
                      + " exporters or connectors"));
    }

    @Test
    void pipelineWithoutReceiversOrExporters() {
      assertThat(
              problems(
                  """
                  receivers: {otlp: }
                  service:
                    pipelines:
                      logs:
                        receivers: [otlp]
                  """))
          .extracting(ValidationProblem::message)
          .containsExactly("pipeline 'logs' needs at least one exporter");
    }

    @Test
    void badPipelineIdsAndUnknownPipelineKeys() {
      assertThat(
              problems(
                  """
                  receivers: {otlp: }
                  exporters: {debug: }
                  service:
                    pipelines:
                      spans:
                        receivers: [otlp]
                        exporters: [debug]
                      traces/a:
                        receivers: [otlp]
                        exporters: [debug]
                        exportrs: [debug]
                  """))
          .extracting(ValidationProblem::message)
          .containsExactly(
              "pipeline id 'spans' must start with traces, metrics, logs or profiles",
              "pipeline 'traces/a' has unknown key 'exportrs'");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"2otlp", "otlp/", "ot-lp", "otlp/a b", "otlp/a/b", ""})
    void invalidComponentIds(String id) {
      assertThat(OtelcolConfigValidator.componentIdProblem(id)).isNotNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"otlp", "otlp/2", "otlp_http/grafana-cloud.eu", "k8s_cluster/x_1"})
    void validComponentIds(String id) {
      assertThat(OtelcolConfigValidator.componentIdProblem(id)).isNull();
    }

    @Test
    void unknownTopLevelKeyAndDuplicateKeys() {
      assertThat(
              problems(
                  """
                  receivers: {otlp: }
                  receivers: {otlp: }
                  servce: {}
                  service: {pipelines: {}}
                  """))
          .extracting(ValidationProblem::line)
          .containsExactly(2, 3);
    }

    @Test
    void duplicateComponentIdAndListedTwice() {
      assertThat(
              problems(
                  """
                  receivers:
                    otlp: {}
                    otlp: {}
                  exporters: {debug: }
                  service:
                    pipelines:
                      logs: {receivers: [otlp, otlp], exporters: [debug]}
                  """))
          .extracting(ValidationProblem::message)
          .containsExactly(
              "receivers: duplicate component id 'otlp'",
              "pipeline 'logs' receivers: 'otlp' is listed twice");
    }

    @Test
    void connectorUsedOnlyAsExporter() {
      assertThat(
              problems(
                  """
                  receivers: {otlp: }
                  connectors: {count: }
                  service:
                    pipelines:
                      logs: {receivers: [otlp], exporters: [count]}
                  """))
          .extracting(ValidationProblem::message)
          .containsExactly(
              "connector 'count' is used as an exporter but in no pipeline as a receiver");
    }

    @Test
    void undefinedServiceExtension() {
      assertThat(
              problems(
                  """
                  receivers: {otlp: }
                  exporters: {debug: }
                  service:
                    extensions: [zpages]
                    pipelines: {logs: {receivers: [otlp], exporters: [debug]}}
                  """))
          .extracting(ValidationProblem::message)
          .containsExactly(
              "service.extensions references 'zpages', which is not defined in extensions");
    }

    @Test
    void sectionsOfTheWrongShape() {
      assertThat(
              problems(
                  """
                  receivers: [otlp]
                  exporters: {debug: 3}
                  service: {pipelines: {logs: {receivers: otlp, exporters: [debug]}}}
                  """))
          .extracting(ValidationProblem::message)
          .contains(
              "'receivers' must be a mapping of component ids to settings",
              "exporters: settings of 'debug' must be a mapping or empty");
    }

    @Test
    void aliasBombIsBounded() {
      StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
      for (int i = 0; i < 60; i++) {
        yaml.append("b").append(i).append(": [*a, *a, *a]\n");
      }
      assertThat(problems(yaml.toString())).isNotEmpty();
    }

    @Test
    void deepNestingIsAnErrorNotACrash() {
      String yaml = "service: " + "[".repeat(200_000) + "]".repeat(200_000);
      assertThat(problems(yaml)).isNotEmpty();
    }

    @Test
    void multipleDocuments() {
      assertThat(problems(VALID + "---\nfoo: 1\n"))
          .extracting(ValidationProblem::message)
          .containsExactly("expected a single YAML document");
    }
  }
}
