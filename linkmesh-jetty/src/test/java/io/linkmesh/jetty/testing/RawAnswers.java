package io.linkmesh.jetty.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads HTTP/1.1 answers off raw sockets, for tests that must send what no well-behaved client
 * sends (a body a byte at a time, a declared length never reached) and then see what came back.
 */
public final class RawAnswers {
  private RawAnswers() {}

  /**
   * The answer's head and its body up to Content-Length; what arrived before the connection closed
   * when it closed first (an empty string for a connection closed without an answer).
   */
  public static String read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString(US_ASCII);
      }
      head.write(b);
    }
    String headers = head.toString(US_ASCII);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return headers + new String(in.readNBytes(length), UTF_8);
  }
}
