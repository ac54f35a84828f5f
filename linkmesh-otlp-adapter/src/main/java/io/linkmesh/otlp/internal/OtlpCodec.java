package io.linkmesh.otlp.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** OTLP/HTTP encodings of metrics requests, responses and {@code google.rpc.Status} errors. */
public final class OtlpCodec {
  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer JSON_PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();
  // OTLP/JSON writes trace and span ids (only in exemplars, for metrics) as hex, where the
  // proto3 JSON mapping expects base64.
  private static final Pattern ID_FIELD =
      Pattern.compile("\"(traceId|spanId|trace_id|span_id)\"(\\s*:\\s*)\"([0-9a-fA-F]*)\"");

  private OtlpCodec() {}

  /** The two OTLP/HTTP encodings. */
  public enum Format {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }

    public String mediaType() {
      return mediaType;
    }
  }

  /** The format a {@code Content-Type} names, ignoring parameters and case. */
  public static Optional<Format> format(@Nullable String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    for (Format f : Format.values()) {
      if (f.mediaType.equals(type)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Decodes a request body.
   *
   * @throws RequestRejectedException 400 when it is not a valid request in that format
   */
  public static ExportMetricsServiceRequest decode(Format format, byte[] body) {
    try {
      if (format == Format.PROTOBUF) {
        return ExportMetricsServiceRequest.parseFrom(body);
      }
      String json = hexIdsToBase64(new String(body, StandardCharsets.UTF_8));
      ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
      JSON_PARSER.merge(json, builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw RequestRejectedException.badRequest(
          "cannot decode the " + format.mediaType() + " body: " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      // The JSON parser throws unchecked exceptions for some malformed input.
      throw RequestRejectedException.badRequest(
          "cannot decode the " + format.mediaType() + " body");
    }
  }

  /** The response to a request that was taken, with {@code partial_success} when any was not. */
  public static byte[] response(Format format, long rejectedDataPoints, String errorMessage) {
    ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
    if (rejectedDataPoints > 0 || !errorMessage.isEmpty()) {
      response.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(rejectedDataPoints)
              .setErrorMessage(errorMessage));
    }
    if (format == Format.PROTOBUF) {
      return response.build().toByteArray();
    }
    try {
      return JSON_PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("printing a response cannot fail", e);
    }
  }

  /** A {@code google.rpc.Status} body (code and message; no details). */
  public static byte[] status(Format format, int code, String message) {
    if (format == Format.JSON) {
      return ("{\"code\":" + code + ",\"message\":" + jsonString(message) + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites hex {@code traceId}/{@code spanId} values as base64, leaving all else alone. */
  static String hexIdsToBase64(String json) {
    if (!json.contains("aceId\"") && !json.contains("panId\"") && !json.contains("_id\"")) {
      return json;
    }
    Matcher m = ID_FIELD.matcher(json);
    StringBuilder out = new StringBuilder(json.length());
    while (m.find()) {
      String hex = m.group(3);
      String value =
          hex.length() % 2 == 0
              ? Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex))
              : hex;
      m.appendReplacement(
          out,
          Matcher.quoteReplacement("\"" + m.group(1) + "\"" + m.group(2) + "\"" + value + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() <= 200 ? line : line.substring(0, 200);
  }
}
