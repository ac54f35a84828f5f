package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.StringJoiner;

/** Renders expressions back to Alloy source text, and quotes strings the way Alloy reads them. */
public final class Expressions {

  private Expressions() {}

  /** Single-line Alloy source for {@code expression}; parsing it gives the same tree shape. */
  public static String render(Expression expression) {
    requireNonNull(expression, "expression");
    StringBuilder out = new StringBuilder();
    render(expression, out);
    return out.toString();
  }

  /** {@code value} as a double-quoted Alloy string literal with every needed escape. */
  public static String quote(String value) {
    requireNonNull(value, "value");
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"':
                  out.append("\\\"");
                  break;
                case '\\':
                  out.append("\\\\");
                  break;
                case '\n':
                  out.append("\\n");
                  break;
                case '\r':
                  out.append("\\r");
                  break;
                case '\t':
                  out.append("\\t");
                  break;
                default:
                  if (c < 0x20 || c == 0x7F) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
              }
            });
    return out.append('"').toString();
  }

  private static void render(Expression e, StringBuilder out) {
    if (e instanceof Expression.NumberLiteral number) {
      out.append(number.text());
    } else if (e instanceof Expression.StringLiteral string) {
      out.append(quote(string.value()));
    } else if (e instanceof Expression.BoolLiteral bool) {
      out.append(bool.value());
    } else if (e instanceof Expression.NullLiteral) {
      out.append("null");
    } else if (e instanceof Expression.Identifier identifier) {
      out.append(identifier.name());
    } else if (e instanceof Expression.Access access) {
      render(access.target(), out);
      out.append('.').append(access.name());
    } else if (e instanceof Expression.Index index) {
      render(index.target(), out);
      out.append('[');
      render(index.index(), out);
      out.append(']');
    } else if (e instanceof Expression.Call call) {
      render(call.function(), out);
      out.append('(');
      list(call.arguments(), out);
      out.append(')');
    } else if (e instanceof Expression.ArrayLiteral array) {
      out.append('[');
      list(array.elements(), out);
      out.append(']');
    } else if (e instanceof Expression.ObjectLiteral object) {
      StringJoiner fields = new StringJoiner(", ", "{", "}");
      for (Expression.ObjectField field : object.fields()) {
        fields.add(
            (field.quoted() ? quote(field.key()) : field.key()) + " = " + render(field.value()));
      }
      out.append(fields);
    } else if (e instanceof Expression.Unary unary) {
      out.append(unary.operator().symbol());
      render(unary.operand(), out);
    } else if (e instanceof Expression.Binary binary) {
      render(binary.left(), out);
      out.append(' ').append(binary.operator().symbol()).append(' ');
      render(binary.right(), out);
    } else if (e instanceof Expression.Parenthesized parenthesized) {
      out.append('(');
      render(parenthesized.inner(), out);
      out.append(')');
    } else {
      throw new IllegalStateException("unknown expression " + e.getClass());
    }
  }

  private static void list(List<Expression> items, StringBuilder out) {
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      render(items.get(i), out);
    }
  }
}
