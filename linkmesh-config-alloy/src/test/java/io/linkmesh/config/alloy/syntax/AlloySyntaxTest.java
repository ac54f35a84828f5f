package io.linkmesh.config.alloy.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.config.alloy.syntax.Expression.BinaryOperator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class AlloySyntaxTest {

  public static final String REALISTIC =
      """
      // Collector pipeline delivered by LinkMesh.
      logging {
        level  = "info"
        format = "logfmt"
      }

      otelcol.receiver.otlp "default" {
        grpc {
          endpoint = "0.0.0.0:4317"
        }
        http { }

        output {
          metrics = [otelcol.processor.batch.default.input]
          logs    = [otelcol.processor.batch.default.input]
          traces  = [otelcol.processor.batch.default.input]
        }
      }

      otelcol.processor.batch "default" {
        timeout         = "5s"
        send_batch_size = 8192
        output {
          metrics = [otelcol.exporter.otlp.default.input]
          logs    = [otelcol.exporter.otlp.default.input]
          traces  = [otelcol.exporter.otlp.default.input]
        }
      }

      /* Credentials come from the collector host's environment,
         never from the config. */
      otelcol.auth.basic "cloud" {
        username = sys.env("GRAFANA_CLOUD_USER")
        password = env("GRAFANA_CLOUD_TOKEN")
      }

      otelcol.exporter.otlp "default" {
        client {
          endpoint = "tempo.example.com:4317"
          auth     = otelcol.auth.basic.cloud.handler
          tls {
            insecure = false
          }
        }
      }

      prometheus.scrape "self" {
        targets = [
          {"__address__" = "127.0.0.1:12345", job = "alloy"},
        ]
        forward_to      = [prometheus.remote_write.mimir.receiver]
        scrape_interval = "15s"
      }

      prometheus.remote_write "mimir" {
        endpoint {
          url = `https://mimir.example.com/api/v1/push`
          headers = { "X-Scope-OrgID" = "tenant-1" }
        }
        external_labels = { cluster = "eu-1", replica = coalesce(sys.env("HOSTNAME"), "unknown") }
      }
      """;

  private static AlloySyntaxException parseError(String source) {
    try {
      AlloySyntax.parse(source);
    } catch (AlloySyntaxException e) {
      return e;
    }
    throw new AssertionError("expected a syntax error for: " + source);
  }

  private static Expression expr(String expression) {
    Block block = (Block) AlloySyntax.parse("b {\n  x = " + expression + "\n}\n").body().get(0);
    return block.attribute("x").orElseThrow().value();
  }

  @Nested
  class HappyPaths {

    @Test
    void parsesRealisticPipeline() {
      AlloyDocument document = AlloySyntax.parse(REALISTIC);

      assertThat(document.blocks())
          .extracting(Block::componentId)
          .containsExactly(
              "logging",
              "otelcol.receiver.otlp.default",
              "otelcol.processor.batch.default",
              "otelcol.auth.basic.cloud",
              "otelcol.exporter.otlp.default",
              "prometheus.scrape.self",
              "prometheus.remote_write.mimir");
      Block exporter = document.blocks().get(4);
      assertThat(exporter.name()).isEqualTo("otelcol.exporter.otlp");
      assertThat(exporter.label()).isEqualTo("default");
      assertThat(exporter.position()).isEqualTo(new Position(37, 1));
      Block client = exporter.blocks("client").get(0);
      assertThat(client.attribute("endpoint").orElseThrow().value())
          .isEqualTo(new Expression.StringLiteral("tempo.example.com:4317", new Position(39, 16)));
      assertThat(Expressions.render(client.attribute("auth").orElseThrow().value()))
          .isEqualTo("otelcol.auth.basic.cloud.handler");
    }

    @Test
    void validatesRealisticPipeline() {
      assertThat(AlloySyntax.validate(REALISTIC)).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void emptyAndCommentOnlyDocumentsAreValid() {
      assertThat(AlloySyntax.parse("").body()).isEmpty();
      assertThat(AlloySyntax.parse("// nothing matches this collector\n/* at all */").body())
          .isEmpty();
      assertThat(AlloySyntax.validate("\n\n// x\n")).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void unlabelledBlocksAndEmptyBodies() {
      AlloyDocument document = AlloySyntax.parse("tracing { }\nhttp {}\n");
      assertThat(document.blocks())
          .extracting(Block::name, Block::label, b -> b.body().size())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("tracing", null, 0),
              org.assertj.core.groups.Tuple.tuple("http", null, 0));
    }

    @Test
    void singleLineBlockWithOneAttribute() {
      Block block =
          AlloySyntax.parse("local.file \"token\" { filename = \"/etc/t\" }").blocks().get(0);
      assertThat(block.componentId()).isEqualTo("local.file.token");
      assertThat(block.attribute("filename")).isPresent();
    }

    @Test
    void crlfLineEndingsAndByteOrderMark() {
      AlloyDocument document = AlloySyntax.parse("\uFEFFa {\r\n  x = 1\r\n}\r\n");
      assertThat(document.blocks().get(0).attribute("x").orElseThrow().position())
          .isEqualTo(new Position(2, 3));
    }

    @Test
    void topLevelAttributesParseButDoNotValidate() {
      assertThat(AlloySyntax.parse("x = 1\n").body().get(0)).isInstanceOf(Attribute.class);
      Validation validation = AlloySyntax.validate("a {}\nx = 1\n");
      assertThat(validation).isInstanceOf(Validation.Invalid.class);
      assertThat(((Validation.Invalid) validation).error())
          .isEqualTo(
              new SyntaxError(
                  new Position(2, 1),
                  "attribute \"x\" is not allowed at the top level of an Alloy config; only"
                      + " blocks are"));
    }
  }

  @Nested
  class Literals {

    @Test
    void numbers() {
      assertThat(expr("15")).isEqualTo(new Expression.NumberLiteral("15", new Position(2, 7)));
      assertThat(((Expression.NumberLiteral) expr("0.25")).text()).isEqualTo("0.25");
      assertThat(((Expression.NumberLiteral) expr("1e3")).text()).isEqualTo("1e3");
      assertThat(((Expression.NumberLiteral) expr("2.5E-4")).text()).isEqualTo("2.5E-4");
    }

    @Test
    void boolsAndNull() {
      assertThat(expr("true")).isEqualTo(new Expression.BoolLiteral(true, new Position(2, 7)));
      assertThat(expr("false")).isEqualTo(new Expression.BoolLiteral(false, new Position(2, 7)));
      assertThat(expr("null")).isEqualTo(new Expression.NullLiteral(new Position(2, 7)));
    }

    @Test
    void stringEscapes() {
      assertThat(((Expression.StringLiteral) expr("\"a\\\"b\\\\c\\n\\t\\r\"")).value())
          .isEqualTo("a\"b\\c\n\t\r");
      assertThat(((Expression.StringLiteral) expr("\"\\a\\b\\f\\v\"")).value())
          .isEqualTo("\u0007\b\f\u000B");
      assertThat(((Expression.StringLiteral) expr("\"\\u00e9t\\u00E9\"")).value()).isEqualTo("été");
      assertThat(((Expression.StringLiteral) expr("\"\\U0001F600\"")).value())
          .isEqualTo("\uD83D\uDE00");
      assertThat(((Expression.StringLiteral) expr("\"\\x41\\101\"")).value()).isEqualTo("AA");
      assertThat(((Expression.StringLiteral) expr("\"日本 ok\"")).value()).isEqualTo("日本 ok");
    }

    @Test
    void rawStringsKeepBackslashesAndNewlines() {
      Expression value = expr("`C:\\path\\n\nsecond line`");
      assertThat(((Expression.StringLiteral) value).value()).isEqualTo("C:\\path\\n\nsecond line");
    }

    @Test
    void columnsCountCharactersNotBytes() {
      Block block = AlloySyntax.parse("b {\n  é = \"日本\"\n  y = 1\n}").blocks().get(0);
      assertThat(block.attribute("é").orElseThrow().value().position())
          .isEqualTo(new Position(2, 7));
    }
  }

  @Nested
  class ExpressionTrees {

    @Test
    void dottedReferenceIsNestedAccess() {
      Expression value = expr("otelcol.exporter.otlp.default.input");
      assertThat(value).isInstanceOf(Expression.Access.class);
      Expression.Access access = (Expression.Access) value;
      assertThat(access.name()).isEqualTo("input");
      assertThat(Expressions.render(access.target())).isEqualTo("otelcol.exporter.otlp.default");
      assertThat(access.position()).isEqualTo(new Position(2, 7));
    }

    @Test
    void functionCalls() {
      Expression.Call call = (Expression.Call) expr("sys.env(\"X\")");
      assertThat(Expressions.render(call.function())).isEqualTo("sys.env");
      assertThat(call.arguments())
          .containsExactly(new Expression.StringLiteral("X", new Position(2, 15)));
      Expression.Call env = (Expression.Call) expr("env(\"X\")");
      assertThat(env.function()).isEqualTo(new Expression.Identifier("env", new Position(2, 7)));
      assertThat(((Expression.Call) expr("f()")).arguments()).isEmpty();
      assertThat(((Expression.Call) expr("f(1, 2,)")).arguments()).hasSize(2);
    }

    @Test
    void indexing() {
      Expression.Index index = (Expression.Index) expr("discovery.kubernetes.pods.targets[0]");
      assertThat(index.index()).isEqualTo(new Expression.NumberLiteral("0", new Position(2, 41)));
      assertThat(Expressions.render(expr("a[\"k\"][1].b"))).isEqualTo("a[\"k\"][1].b");
    }

    @Test
    void arraysWithTrailingCommaAcrossLines() {
      Expression.ArrayLiteral array =
          (Expression.ArrayLiteral) expr("[\n    1,\n    \"two\",\n  ]");
      assertThat(array.elements()).hasSize(2);
      assertThat(((Expression.ArrayLiteral) expr("[]")).elements()).isEmpty();
    }

    @Test
    void objectsWithIdentifierAndStringKeys() {
      Expression.ObjectLiteral object = (Expression.ObjectLiteral) expr("{ a = 1, \"b.c\" = 2 }");
      assertThat(object.fields())
          .extracting(Expression.ObjectField::key, Expression.ObjectField::quoted)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", false),
              org.assertj.core.groups.Tuple.tuple("b.c", true));
      assertThat(((Expression.ObjectLiteral) expr("{}")).fields()).isEmpty();
      assertThat(((Expression.ObjectLiteral) expr("{\n    a = 1,\n  }")).fields()).hasSize(1);
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
      Expression.Binary sum = (Expression.Binary) expr("1 + 2 * 3");
      assertThat(sum.operator()).isEqualTo(BinaryOperator.ADD);
      assertThat(((Expression.Binary) sum.right()).operator()).isEqualTo(BinaryOperator.MULTIPLY);
    }

    @Test
    void additionIsLeftAssociative() {
      Expression.Binary difference = (Expression.Binary) expr("10 - 2 - 3");
      assertThat(difference.left()).isInstanceOf(Expression.Binary.class);
      assertThat(difference.right())
          .isEqualTo(new Expression.NumberLiteral("3", new Position(2, 16)));
    }

    @Test
    void powerIsRightAssociativeAndTightest() {
      Expression.Binary power = (Expression.Binary) expr("2 ^ 3 ^ 2");
      assertThat(power.left()).isEqualTo(new Expression.NumberLiteral("2", new Position(2, 7)));
      assertThat(((Expression.Binary) power.right()).operator()).isEqualTo(BinaryOperator.POWER);
      Expression.Binary product = (Expression.Binary) expr("2 * 3 ^ 2");
      assertThat(product.operator()).isEqualTo(BinaryOperator.MULTIPLY);
    }

    @Test
    void logicalAndComparisonPrecedence() {
      Expression.Binary or = (Expression.Binary) expr("a == 1 || b != 2 && !c");
      assertThat(or.operator()).isEqualTo(BinaryOperator.OR);
      assertThat(((Expression.Binary) or.left()).operator()).isEqualTo(BinaryOperator.EQUAL);
      Expression.Binary and = (Expression.Binary) or.right();
      assertThat(and.operator()).isEqualTo(BinaryOperator.AND);
      assertThat(and.right()).isInstanceOf(Expression.Unary.class);
      assertThat(((Expression.Binary) expr("a <= 1")).operator())
          .isEqualTo(BinaryOperator.LESS_OR_EQUAL);
      assertThat(((Expression.Binary) expr("a >= 1")).operator())
          .isEqualTo(BinaryOperator.GREATER_OR_EQUAL);
      assertThat(((Expression.Binary) expr("a < 1")).operator()).isEqualTo(BinaryOperator.LESS);
      assertThat(((Expression.Binary) expr("a > 1")).operator()).isEqualTo(BinaryOperator.GREATER);
      assertThat(((Expression.Binary) expr("a % 2")).operator()).isEqualTo(BinaryOperator.MODULO);
      assertThat(((Expression.Binary) expr("a / 2")).operator()).isEqualTo(BinaryOperator.DIVIDE);
    }

    @Test
    void parenthesesAndUnaryMinus() {
      Expression.Binary product = (Expression.Binary) expr("(1 + 2) * -x");
      assertThat(product.left()).isInstanceOf(Expression.Parenthesized.class);
      assertThat(product.right()).isInstanceOf(Expression.Unary.class);
      assertThat(((Expression.Unary) product.right()).operator())
          .isEqualTo(Expression.UnaryOperator.NEGATE);
    }

    @Test
    void operatorsMayContinueOnTheNextLineAfterTheOperator() {
      assertThat(Expressions.render(expr("1 +\n    2"))).isEqualTo("1 + 2");
    }

    @Test
    void renderingRoundTripsTheTreeShape() {
      for (String source :
          List.of(
              "coalesce(sys.env(\"A\"), \"d\\\"q\\n\")",
              "{a = [1, -2.5e3, null, true], \"k-1\" = !(x || y) && z[0].w}",
              "(a + b) * c ^ d % e")) {
        String rendered = Expressions.render(expr(source));
        assertThat(Expressions.render(expr(rendered))).isEqualTo(rendered);
      }
    }

    @Test
    void quoteEscapesWhatAlloyNeeds() {
      assertThat(Expressions.quote("a\"b\\c\nd\te\u0001"))
          .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
      assertThat(((Expression.StringLiteral) expr(Expressions.quote("x\"\\\n\u0001é"))).value())
          .isEqualTo("x\"\\\n\u0001é");
    }
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("missing value", "a {\n  x =\n}", 3, 1, "expected an expression, got '}'"),
        Arguments.of(
            "unterminated block",
            "a {\n  b \"x\" {\n",
            3,
            1,
            "expected '}' to close the block \"b\" opened at 2:9, got end of file"),
        Arguments.of(
            "two statements on one line",
            "a {\n  x = 1 y = 2\n}",
            2,
            9,
            "expected a newline after the statement, got identifier \"y\" (put each attribute"
                + " and block on its own line)"),
        Arguments.of(
            "name without = or {",
            "a {\n  foo\n}",
            2,
            6,
            "expected '=' or '{' after \"foo\", got newline"),
        Arguments.of(
            "label without {",
            "otelcol.receiver.otlp \"x\" = 1",
            1,
            27,
            "expected '{' after \"otelcol.receiver.otlp\", got '='"),
        Arguments.of(
            "dotted attribute name",
            "a {\n  b.c = 1\n}",
            2,
            3,
            "attribute name \"b.c\" must be a single identifier (no '.')"),
        Arguments.of(
            "label that is not an identifier",
            "prometheus.scrape \"my-job\" {}",
            1,
            19,
            "block label \"my-job\" must be a valid identifier (letters, digits and '_', not"
                + " starting with a digit)"),
        Arguments.of(
            "label starting with a digit",
            "a \"1st\" {}",
            1,
            3,
            "block label \"1st\" must be a valid identifier (letters, digits and '_', not"
                + " starting with a digit)"),
        Arguments.of(
            "statement starting with a literal",
            "\"x\" {}",
            1,
            1,
            "expected an attribute or block name, got string literal"),
        Arguments.of(
            "stray closing brace", "a {}\n}", 2, 1, "expected an attribute or block name, got '}'"),
        Arguments.of(
            "unterminated string", "a {\n  x = \"abc\n}", 2, 7, "string literal not terminated"),
        Arguments.of(
            "unterminated raw string",
            "a {\n  x = `abc\n}",
            2,
            7,
            "raw string literal not terminated: missing '`'"),
        Arguments.of(
            "unterminated block comment",
            "a {}\n  /* open",
            2,
            3,
            "comment not terminated: missing '*/'"),
        Arguments.of(
            "unknown escape", "a {\n  x = \"a\\qb\"\n}", 2, 9, "unknown escape sequence '\\q'"),
        Arguments.of(
            "short unicode escape",
            "a {\n  x = \"\\u12\"\n}",
            2,
            8,
            "\\u escape sequence needs 4 hex digits"),
        Arguments.of(
            "surrogate unicode escape",
            "a {\n  x = \"\\uD800\"\n}",
            2,
            8,
            "escape sequence is an invalid Unicode code point: U+d800"),
        Arguments.of(
            "out of range unicode escape",
            "a {\n  x = \"\\U00110000\"\n}",
            2,
            8,
            "escape sequence is an invalid Unicode code point: U+110000"),
        Arguments.of(
            "octal escape above 255",
            "a {\n  x = \"\\777\"\n}",
            2,
            8,
            "octal escape sequence is larger than 255: 511"),
        Arguments.of(
            "unexpected character", "a {\n  x = 1 # 2\n}", 2, 9, "unexpected character '#'"),
        Arguments.of(
            "single ampersand",
            "a {\n  x = a & b\n}",
            2,
            9,
            "unexpected character '&' (did you mean '&&'?)"),
        Arguments.of(
            "single pipe",
            "a {\n  x = a | b\n}",
            2,
            9,
            "unexpected character '|' (did you mean '||'?)"),
        Arguments.of(
            "exponent without digits",
            "a {\n  x = 1e\n}",
            2,
            9,
            "exponent has no digits in number literal"),
        Arguments.of(
            "letters glued to a number",
            "a {\n  x = 10s\n}",
            2,
            9,
            "unexpected character 's' in number"),
        Arguments.of(
            "multi-line array without trailing comma",
            "a {\n  x = [\n    1,\n    2\n  ]\n}",
            4,
            6,
            "missing ',' before newline in array (a multi-line array needs a comma after every"
                + " element, including the last)"),
        Arguments.of(
            "multi-line object without trailing comma",
            "a {\n  x = {\n    k = 1\n  }\n}",
            3,
            10,
            "missing ',' before newline in object (a multi-line object needs a comma after every"
                + " element, including the last)"),
        Arguments.of(
            "array elements without comma",
            "a {\n  x = [1 2]\n}",
            2,
            10,
            "expected ',' or ']' in array, got number 2"),
        Arguments.of(
            "call arguments without comma",
            "a {\n  x = f(1 2)\n}",
            2,
            11,
            "expected ',' or ')' in argument list, got number 2"),
        Arguments.of(
            "object key that is a number",
            "a {\n  x = { 1 = 2 }\n}",
            2,
            9,
            "expected an object key (identifier or string), got number 1"),
        Arguments.of(
            "object key without =", "a {\n  x = { k: 2 }\n}", 2, 10, "unexpected character ':'"),
        Arguments.of(
            "object field with colon-less value",
            "a {\n  x = { k 2 }\n}",
            2,
            11,
            "expected '=' after the object key, got number 2"),
        Arguments.of(
            "access without identifier",
            "a {\n  x = a.1\n}",
            2,
            9,
            "expected an identifier after '.', got number 1"),
        Arguments.of(
            "block name ending in a dot",
            "a. {}",
            1,
            4,
            "expected an identifier after '.', got '{'"),
        Arguments.of(
            "unclosed parenthesis",
            "a {\n  x = (1 + 2\n}",
            2,
            13,
            "expected ')' to close the parenthesis opened at 2:7, got newline"),
        Arguments.of(
            "unclosed index",
            "a {\n  x = y[1\n}",
            2,
            10,
            "expected ']' to close the index opened at 2:8, got newline"),
        Arguments.of(
            "operator at the start of a continuation line",
            "a {\n  x = 1\n    + 2\n}",
            3,
            5,
            "expected an attribute or block name, got '+'"),
        Arguments.of("control character", "a {\u0001}", 1, 4, "unexpected character 'U+0001'"));
  }

  @Nested
  class Errors {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.linkmesh.config.alloy.syntax.AlloySyntaxTest#syntaxErrors")
    void syntaxErrorsCarryLineColumnAndReason(
        String name, String source, int line, int column, String reason) {
      AlloySyntaxException e = parseError(source);
      assertThat(e.error().reason()).isEqualTo(reason);
      assertThat(e.error().line()).as("line").isEqualTo(line);
      assertThat(e.error().column()).as("column").isEqualTo(column);
      assertThat(e).hasMessage("line " + line + ", column " + column + ": " + reason);
      Validation validation = AlloySyntax.validate(source);
      assertThat(validation).isEqualTo(new Validation.Invalid(e.error()));
    }
  }

  @Nested
  class Limits {

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
      String deep = "a {\n  x = " + "[".repeat(10_000) + "\n}";
      AlloySyntaxException e = parseError(deep);
      assertThat(e.error().reason()).isEqualTo("nesting is deeper than 200 levels");
      assertThat(e.error().position()).isEqualTo(new Position(2, 206));
    }

    @Test
    void deeplyNestedBlocksAreRefused() {
      String deep = "a {\n".repeat(1000);
      assertThat(parseError(deep).error().reason()).isEqualTo("nesting is deeper than 200 levels");
    }

    @Test
    void longChainsOfOperatorsAreRefusedNotAStackOverflow() {
      String chain = "a {\n  x = 1" + " ^ 1".repeat(50_000) + "\n}";
      assertThat(parseError(chain).error().reason()).isEqualTo("nesting is deeper than 200 levels");
      String unary = "a {\n  x = " + "!".repeat(50_000) + "a\n}";
      assertThat(parseError(unary).error().reason()).isEqualTo("nesting is deeper than 200 levels");
    }

    @Test
    void longFlatListsAreFine() {
      String flat =
          "a {\n  x = [" + "1, ".repeat(20_000) + "]\n  y = 1" + " + 1".repeat(20_000) + "\n}";
      Block block = AlloySyntax.parse(flat).blocks().get(0);
      assertThat(((Expression.ArrayLiteral) block.attribute("x").orElseThrow().value()).elements())
          .hasSize(20_000);
    }

    @Test
    void oversizeSourceIsRefusedWithoutParsing() {
      String big = " ".repeat(AlloySyntax.MAX_LENGTH + 1);
      assertThat(parseError(big).error().reason())
          .isEqualTo(
              "config is "
                  + (AlloySyntax.MAX_LENGTH + 1)
                  + " characters long; the limit is "
                  + AlloySyntax.MAX_LENGTH);
    }
  }

  @Nested
  class ComponentLabels {

    @Test
    void duplicateComponentIsReportedAtTheSecondOccurrence() {
      String source =
          """
          otelcol.exporter.otlp "default" {
            client { endpoint = "a:4317" }
          }

          otelcol.exporter.otlp "default" {
            client { endpoint = "b:4317" }
          }
          """;
      assertThat(AlloySyntax.validate(source))
          .isEqualTo(
              new Validation.Invalid(
                  new SyntaxError(
                      new Position(5, 1),
                      "component \"otelcol.exporter.otlp.default\" is already declared at line"
                          + " 1, column 1; labels must be unique per component name")));
    }

    @Test
    void sameLabelOnDifferentComponentsIsFine() {
      String source =
          """
          otelcol.exporter.otlp "default" { }
          otelcol.processor.batch "default" { }
          otelcol.exporter.otlp "other" { }
          """;
      assertThat(AlloySyntax.validate(source)).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void duplicateUnlabelledConfigBlockIsAnError() {
      assertThat(AlloySyntax.validate("logging {}\n\nlogging {\n}\n"))
          .isEqualTo(
              new Validation.Invalid(
                  new SyntaxError(
                      new Position(3, 1),
                      "block \"logging\" is already declared at line 1, column 1")));
    }

    @Test
    void repeatedNestedBlocksAreFine() {
      String source =
          """
          prometheus.remote_write "both" {
            endpoint { url = "https://a.example/api/v1/push" }
            endpoint { url = "https://b.example/api/v1/push" }
          }
          """;
      assertThat(AlloySyntax.validate(source)).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void declareBodiesAreTheirOwnScope() {
      String source =
          """
          declare "pipeline" {
            otelcol.processor.batch "default" { }
          }
          otelcol.processor.batch "default" { }
          declare "twice" {
            local.file "x" { filename = "/a" }
            local.file "x" { filename = "/b" }
          }
          """;
      Validation validation = AlloySyntax.validate(source);
      assertThat(((Validation.Invalid) validation).error())
          .isEqualTo(
              new SyntaxError(
                  new Position(7, 3),
                  "component \"local.file.x\" is already declared at line 6, column 3; labels"
                      + " must be unique per component name"));
    }
  }
}
