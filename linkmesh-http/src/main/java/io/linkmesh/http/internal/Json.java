package io.linkmesh.http.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON mapper of the API, strict on input: unknown fields, trailing tokens, nulls for
 * primitives, repeated keys and scalar coercions ({@code "5"} for a number, {@code 5} for a string)
 * are refused with a 400 that names the field.
 */
public final class Json {
  static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  private static ObjectMapper newMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // Last-wins on a repeated key lets {"maxUses":1,"maxUses":0} pass one reader as
            // limited and the mapper as unlimited; the parser refuses it for records and trees.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build());
    for (LogicalType type : new LogicalType[] {LogicalType.Textual}) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static ObjectNode stringMap(Map<String, String> map) {
    ObjectNode node = object();
    map.forEach(node::put);
    return node;
  }

  public static void putTime(ObjectNode node, String field, @Nullable Instant time) {
    if (time == null) {
      node.putNull(field);
    } else {
      node.put(field, time.toString());
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

  /** Reads a JSON body into {@code type}; every mistake is a 400 that says what and where. */
  public static <T> T read(byte[] body, Class<T> type) {
    return read(body, MAPPER.readerFor(type));
  }

  /** Reads a JSON body into a generic {@code type}. */
  public static <T> T read(byte[] body, TypeReference<T> type) {
    return read(body, MAPPER.readerFor(type));
  }

  private static <T> T read(byte[] body, ObjectReader reader) {
    try {
      T value = reader.readValue(body);
      if (value == null) {
        throw ApiException.badRequest("the body must be a JSON object, not null");
      }
      return value;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /**
   * The API's error body, {@code {"error": {"code": ..., "message": ..., ...details}}}, for the
   * API's own answers and for the errors Jetty answers before the API sees a request.
   */
  public static ObjectNode error(String code, String message, @Nullable ObjectNode details) {
    ObjectNode body = object();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (details != null) {
      error.setAll(details);
    }
    return body;
  }

  static ApiException translate(IOException e) {
    if (e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException) {
      String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
      return ApiException.badRequest(
          (field.isEmpty() ? "a number" : "field '" + field + "'")
              + " is out of range"
              + (e instanceof JsonProcessingException p ? at(p) : ""));
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return ApiException.badRequest(
          "unknown field '"
              + path(unknown)
              + "'; known fields: "
              + unknown.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    if (e instanceof InvalidFormatException invalid) {
      return ApiException.badRequest(
          "field '"
              + path(invalid)
              + "' must be "
              + describe(invalid.getTargetType())
              + at(invalid));
    }
    if (e instanceof MismatchedInputException mismatched) {
      String original = String.valueOf(mismatched.getOriginalMessage());
      if (original.startsWith("Trailing token")) {
        return new ApiException(
            400, "malformed_json", "malformed JSON: more after the value" + at(mismatched));
      }
      String field = path(mismatched);
      if (field.isEmpty()) {
        return ApiException.badRequest("the body must be a JSON object" + at(mismatched));
      }
      return ApiException.badRequest(
          "field '" + field + "' must be " + describe(mismatched.getTargetType()) + at(mismatched));
    }
    if (e instanceof JsonMappingException mapping) {
      Throwable cause = mapping.getCause();
      if (cause instanceof IllegalArgumentException iae) {
        return ApiException.badRequest(iae.getMessage());
      }
      return ApiException.badRequest(
          "field '" + path(mapping) + "' is not acceptable" + at(mapping));
    }
    if (e instanceof StreamReadException read
        && String.valueOf(read.getOriginalMessage()).startsWith("Duplicate field")) {
      return ApiException.badRequest(
          read.getOriginalMessage().replace("Duplicate field", "duplicate field") + at(read));
    }
    if (e instanceof JsonProcessingException processing) {
      return new ApiException(
          400,
          "malformed_json",
          "malformed JSON: " + processing.getOriginalMessage() + at(processing));
    }
    return new ApiException(400, "malformed_json", "the body could not be read as JSON");
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String at(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String describe(@Nullable Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object of string values";
    }
    return "a JSON " + (type.isRecord() ? "object" : "value of another type");
  }
}
