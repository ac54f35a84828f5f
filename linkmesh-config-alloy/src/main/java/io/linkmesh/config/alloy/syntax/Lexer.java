package io.linkmesh.config.alloy.syntax;

import io.linkmesh.config.alloy.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits Alloy source into tokens. Like Go (and Alloy's own scanner) a newline that follows an
 * identifier, a literal or a closing bracket becomes a {@link Kind#TERMINATOR}: that is what ends a
 * statement, and why a multi-line array or object needs a trailing comma.
 */
final class Lexer {

  private final String src;
  private final List<Token> tokens = new ArrayList<>();
  private int offset;
  private int line = 1;
  private int column = 1;
  private boolean terminatorAllowed;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String src) {
    Lexer lexer = new Lexer(src);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (offset < src.length()) {
      int c = src.codePointAt(offset);
      if (c == '\n') {
        if (terminatorAllowed) {
          emit(Kind.TERMINATOR, "\n", here());
        }
        advance();
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF' && offset == 0) {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (offset < src.length() && src.charAt(offset) != '\n') {
          advance();
        }
      } else if (c == '/' && peek(1) == '*') {
        blockComment();
      } else if (isIdentStart(c)) {
        identifier();
      } else if (isDigit(c)) {
        number();
      } else if (c == '"') {
        quotedString();
      } else if (c == '`') {
        rawString();
      } else {
        operator(c);
      }
    }
    emit(Kind.EOF, "", here());
  }

  private void blockComment() {
    Position start = here();
    advance();
    advance();
    while (true) {
      if (offset >= src.length()) {
        throw error(start, "comment not terminated: missing '*/'");
      }
      if (src.charAt(offset) == '*' && peek(1) == '/') {
        advance();
        advance();
        return;
      }
      if (src.charAt(offset) == '\n' && terminatorAllowed) {
        emit(Kind.TERMINATOR, "\n", here());
      }
      advance();
    }
  }

  private void identifier() {
    Position start = here();
    int begin = offset;
    while (offset < src.length() && isIdentPart(src.codePointAt(offset))) {
      advance();
    }
    String text = src.substring(begin, offset);
    switch (text) {
      case "true":
        emit(Kind.TRUE, text, start);
        break;
      case "false":
        emit(Kind.FALSE, text, start);
        break;
      case "null":
        emit(Kind.NULL, text, start);
        break;
      default:
        emit(Kind.IDENT, text, start);
    }
  }

  private void number() {
    Position start = here();
    int begin = offset;
    digits();
    if (current() == '.' && isDigit(peek(1))) {
      advance();
      digits();
    }
    if (current() == 'e' || current() == 'E') {
      advance();
      if (current() == '+' || current() == '-') {
        advance();
      }
      if (!isDigit(current())) {
        throw error(here(), "exponent has no digits in number literal");
      }
      digits();
    }
    if (isIdentStart(current())) {
      throw error(here(), "unexpected character '" + describeChar(current()) + "' in number");
    }
    emit(Kind.NUMBER, src.substring(begin, offset), start);
  }

  private void digits() {
    while (isDigit(current())) {
      advance();
    }
  }

  private void quotedString() {
    Position start = here();
    advance();
    StringBuilder value = new StringBuilder();
    while (true) {
      if (offset >= src.length() || src.charAt(offset) == '\n') {
        throw error(start, "string literal not terminated");
      }
      int c = src.codePointAt(offset);
      if (c == '"') {
        advance();
        break;
      }
      if (c == '\\') {
        escape(value);
      } else {
        value.appendCodePoint(c);
        advance();
      }
    }
    emit(Kind.STRING, value.toString(), start);
  }

  private void escape(StringBuilder value) {
    Position start = here();
    advance();
    if (offset >= src.length() || src.charAt(offset) == '\n') {
      throw error(start, "escape sequence not terminated");
    }
    int c = src.codePointAt(offset);
    switch (c) {
      case 'a':
        value.append('\u0007');
        advance();
        return;
      case 'b':
        value.append('\b');
        advance();
        return;
      case 'f':
        value.append('\f');
        advance();
        return;
      case 'n':
        value.append('\n');
        advance();
        return;
      case 'r':
        value.append('\r');
        advance();
        return;
      case 't':
        value.append('\t');
        advance();
        return;
      case 'v':
        value.append('\u000B');
        advance();
        return;
      case '\\':
        value.append('\\');
        advance();
        return;
      case '"':
        value.append('"');
        advance();
        return;
      case 'x':
        advance();
        value.appendCodePoint(digitsValue(start, 2, 16, "\\x"));
        return;
      case 'u':
        advance();
        value.appendCodePoint(codePoint(start, digitsValue(start, 4, 16, "\\u")));
        return;
      case 'U':
        advance();
        value.appendCodePoint(codePoint(start, digitsValue(start, 8, 16, "\\U")));
        return;
      default:
        if (c >= '0' && c <= '7') {
          int octal = digitsValue(start, 3, 8, "octal");
          if (octal > 255) {
            throw error(start, "octal escape sequence is larger than 255: " + octal);
          }
          value.appendCodePoint(octal);
          return;
        }
        throw error(start, "unknown escape sequence '\\" + describeChar(c) + "'");
    }
  }

  private int digitsValue(Position start, int count, int radix, String what) {
    int result = 0;
    for (int i = 0; i < count; i++) {
      int digit = offset < src.length() ? Character.digit(src.charAt(offset), radix) : -1;
      if (digit < 0) {
        throw error(
            start,
            what
                + " escape sequence needs "
                + count
                + " "
                + (radix == 16 ? "hex" : "octal")
                + " digits");
      }
      result = result * radix + digit;
      advance();
    }
    return result;
  }

  private static int codePoint(Position start, int value) {
    if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
      throw error(
          start,
          "escape sequence is an invalid Unicode code point: U+" + Integer.toHexString(value));
    }
    return value;
  }

  private void rawString() {
    Position start = here();
    advance();
    int begin = offset;
    while (offset < src.length() && src.charAt(offset) != '`') {
      advance();
    }
    if (offset >= src.length()) {
      throw error(start, "raw string literal not terminated: missing '`'");
    }
    String value = src.substring(begin, offset).replace("\r", "");
    advance();
    emit(Kind.STRING, value, start);
  }

  private void operator(int c) {
    Position start = here();
    int next = peek(1);
    Kind kind;
    int length = 1;
    switch (c) {
      case '=':
        kind = next == '=' ? Kind.EQ : Kind.ASSIGN;
        break;
      case '!':
        kind = next == '=' ? Kind.NEQ : Kind.NOT;
        break;
      case '<':
        kind = next == '=' ? Kind.LTE : Kind.LT;
        break;
      case '>':
        kind = next == '=' ? Kind.GTE : Kind.GT;
        break;
      case '&':
        if (next != '&') {
          throw error(start, "unexpected character '&' (did you mean '&&'?)");
        }
        kind = Kind.AND;
        break;
      case '|':
        if (next != '|') {
          throw error(start, "unexpected character '|' (did you mean '||'?)");
        }
        kind = Kind.OR;
        break;
      case '+':
        kind = Kind.PLUS;
        break;
      case '-':
        kind = Kind.MINUS;
        break;
      case '*':
        kind = Kind.STAR;
        break;
      case '/':
        kind = Kind.SLASH;
        break;
      case '%':
        kind = Kind.PERCENT;
        break;
      case '^':
        kind = Kind.CARET;
        break;
      case '.':
        kind = Kind.DOT;
        break;
      case ',':
        kind = Kind.COMMA;
        break;
      case '[':
        kind = Kind.LBRACK;
        break;
      case ']':
        kind = Kind.RBRACK;
        break;
      case '{':
        kind = Kind.LBRACE;
        break;
      case '}':
        kind = Kind.RBRACE;
        break;
      case '(':
        kind = Kind.LPAREN;
        break;
      case ')':
        kind = Kind.RPAREN;
        break;
      default:
        throw error(start, "unexpected character '" + describeChar(c) + "'");
    }
    if (kind == Kind.EQ
        || kind == Kind.NEQ
        || kind == Kind.LTE
        || kind == Kind.GTE
        || kind == Kind.AND
        || kind == Kind.OR) {
      length = 2;
    }
    for (int i = 0; i < length; i++) {
      advance();
    }
    emit(kind, src.substring(offset - length, offset), start);
  }

  private void emit(Kind kind, String value, Position position) {
    tokens.add(new Token(kind, value, position));
    terminatorAllowed =
        switch (kind) {
          case IDENT, NUMBER, STRING, TRUE, FALSE, NULL, RBRACK, RBRACE, RPAREN -> true;
          default -> false;
        };
  }

  private Position here() {
    return new Position(line, column);
  }

  private int current() {
    return offset < src.length() ? src.codePointAt(offset) : -1;
  }

  private int peek(int ahead) {
    int index = offset;
    for (int i = 0; i < ahead && index < src.length(); i++) {
      index += Character.charCount(src.codePointAt(index));
    }
    return index < src.length() ? src.codePointAt(index) : -1;
  }

  private void advance() {
    int c = src.codePointAt(offset);
    offset += Character.charCount(c);
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }

  private static boolean isIdentStart(int c) {
    return c == '_' || (c >= 0 && Character.isLetter(c));
  }

  private static boolean isIdentPart(int c) {
    return isIdentStart(c) || isDigit(c);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static String describeChar(int c) {
    if (c < 0) {
      return "end of file";
    }
    if (Character.isISOControl(c) || Character.isWhitespace(c)) {
      return String.format("U+%04X", c);
    }
    return new String(Character.toChars(c));
  }

  static AlloySyntaxException error(Position position, String reason) {
    return new AlloySyntaxException(new SyntaxError(position, reason));
  }
}
