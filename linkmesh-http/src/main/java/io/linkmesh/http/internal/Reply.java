package io.linkmesh.http.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: status, content type, body and extra headers.
 *
 * @param contentType null-free; empty for a response without a body
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  public Reply {
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  public static Reply json(int status, JsonNode node) {
    return new Reply(status, JSON, Json.bytes(node), Map.of());
  }

  public static Reply ok(JsonNode node) {
    return json(200, node);
  }

  public static Reply text(int status, String contentType, String text) {
    return new Reply(status, contentType, text.getBytes(UTF_8), Map.of());
  }

  public static Reply text(String text) {
    return text(200, TEXT, text);
  }

  public static Reply noContent() {
    return new Reply(204, "", new byte[0], Map.of());
  }

  /** This reply with one more header. */
  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, contentType, body, more);
  }
}
