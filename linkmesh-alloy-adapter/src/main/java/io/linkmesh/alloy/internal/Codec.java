package io.linkmesh.alloy.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;
import java.util.Optional;

/** The two Connect unary codecs: binary protobuf and canonical proto JSON. */
public enum Codec {
  PROTO("application/proto"),
  JSON("application/json");

  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer JSON_PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final String contentType;

  Codec(String contentType) {
    this.contentType = contentType;
  }

  /** The exact success {@code Content-Type} (connect-go compares it literally). */
  public String contentType() {
    return contentType;
  }

  /**
   * The codec of a request {@code Content-Type}: {@code application/proto} or {@code
   * application/json}, parameters such as {@code charset=utf-8} ignored, case-insensitive.
   */
  public static Optional<Codec> forContentType(String header) {
    String type = header;
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon);
    }
    type = type.strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/proto")) {
      return Optional.of(PROTO);
    }
    if (type.equals("application/json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }

  /**
   * Decodes {@code body} into {@code builder}.
   *
   * @throws ConnectError {@code invalid_argument} when the body is not a valid message
   */
  public <B extends Message.Builder> B decode(byte[] body, B builder) {
    try {
      if (this == PROTO) {
        builder.mergeFrom(body);
      } else {
        String text =
            UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
        JSON_PARSER.merge(text.isBlank() ? "{}" : text, builder);
      }
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new ConnectError(
          ConnectCode.INVALID_ARGUMENT,
          "request body is not a valid "
              + builder.getDescriptorForType().getFullName()
              + ": "
              + e.getMessage());
    } catch (CharacterCodingException e) {
      throw new ConnectError(ConnectCode.INVALID_ARGUMENT, "request body is not valid UTF-8 JSON");
    }
  }

  public byte[] encode(Message message) {
    if (this == PROTO) {
      return message.toByteArray();
    }
    try {
      return JSON_PRINTER.print(message).getBytes(UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType(), e);
    }
  }
}
