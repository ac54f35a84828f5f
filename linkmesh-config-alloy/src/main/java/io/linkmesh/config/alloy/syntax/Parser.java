package io.linkmesh.config.alloy.syntax;

import io.linkmesh.config.alloy.syntax.Expression.BinaryOperator;
import io.linkmesh.config.alloy.syntax.Expression.UnaryOperator;
import io.linkmesh.config.alloy.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Recursive-descent parser from tokens to an {@link AlloyDocument}. */
final class Parser {

  /** Deeper nesting of blocks and expressions than this is refused, to bound the stack. */
  static final int MAX_DEPTH = 200;

  private final List<Token> tokens;
  private int index;
  private int depth;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static AlloyDocument parse(String src) {
    Parser parser = new Parser(Lexer.tokenize(src));
    List<Statement> body = parser.body(Kind.EOF);
    parser.expect(Kind.EOF, "at top level");
    return new AlloyDocument(body);
  }

  private List<Statement> body(Kind end) {
    List<Statement> statements = new ArrayList<>();
    while (true) {
      while (peek().kind() == Kind.TERMINATOR) {
        next();
      }
      if (peek().kind() == end || peek().kind() == Kind.EOF) {
        return statements;
      }
      statements.add(statement());
      Token after = peek();
      if (after.kind() == Kind.TERMINATOR) {
        next();
      } else if (after.kind() != end && after.kind() != Kind.EOF) {
        throw Lexer.error(
            after.position(),
            "expected a newline after the statement, got "
                + after.describe()
                + " (put each attribute and block on its own line)");
      }
    }
  }

  private Statement statement() {
    Token first = peek();
    if (first.kind() != Kind.IDENT) {
      throw Lexer.error(
          first.position(), "expected an attribute or block name, got " + first.describe());
    }
    next();
    if (peek().kind() == Kind.ASSIGN) {
      next();
      return new Attribute(first.value(), expression(), first.position());
    }
    StringBuilder name = new StringBuilder(first.value());
    while (peek().kind() == Kind.DOT) {
      next();
      Token part = peek();
      if (part.kind() != Kind.IDENT) {
        throw Lexer.error(
            part.position(), "expected an identifier after '.', got " + part.describe());
      }
      next();
      name.append('.').append(part.value());
    }
    String label = null;
    if (peek().kind() == Kind.STRING) {
      Token labelToken = next();
      label = labelToken.value();
      checkLabel(labelToken);
    }
    Token open = peek();
    if (open.kind() == Kind.ASSIGN && label == null) {
      throw Lexer.error(
          first.position(), "attribute name \"" + name + "\" must be a single identifier (no '.')");
    }
    if (open.kind() != Kind.LBRACE) {
      throw Lexer.error(
          open.position(),
          (label == null ? "expected '=' or '{'" : "expected '{'")
              + " after \""
              + name
              + "\", got "
              + open.describe());
    }
    next();
    enter(open);
    List<Statement> body = body(Kind.RBRACE);
    expect(Kind.RBRACE, "to close the block \"" + name + "\" opened at " + open.position());
    depth--;
    return new Block(name.toString(), label, body, first.position());
  }

  /** Alloy labels are identifiers: letters, digits and underscores, not starting with a digit. */
  private static void checkLabel(Token label) {
    String value = label.value();
    boolean valid = !value.isEmpty() && !Character.isDigit(value.codePointAt(0));
    for (int i = 0; valid && i < value.length(); ) {
      int c = value.codePointAt(i);
      valid = c == '_' || Character.isLetterOrDigit(c);
      i += Character.charCount(c);
    }
    if (!valid) {
      throw Lexer.error(
          label.position(),
          "block label \""
              + value
              + "\" must be a valid identifier (letters, digits and '_', not starting with a"
              + " digit)");
    }
  }

  private Expression expression() {
    return binary(1);
  }

  private Expression binary(int minPrecedence) {
    Expression left = unary();
    while (true) {
      BinaryOperator operator = binaryOperator(peek().kind());
      if (operator == null || operator.precedence() < minPrecedence) {
        return left;
      }
      next();
      int nextMin =
          operator == BinaryOperator.POWER ? operator.precedence() : operator.precedence() + 1;
      Token at = peek();
      enter(at);
      Expression right = binary(nextMin);
      depth--;
      left = new Expression.Binary(operator, left, right, left.position());
    }
  }

  private Expression unary() {
    Token token = peek();
    UnaryOperator operator =
        token.kind() == Kind.NOT
            ? UnaryOperator.NOT
            : token.kind() == Kind.MINUS ? UnaryOperator.NEGATE : null;
    if (operator == null) {
      return postfix();
    }
    next();
    enter(token);
    Expression operand = unary();
    depth--;
    return new Expression.Unary(operator, operand, token.position());
  }

  private Expression postfix() {
    Expression expression = primary();
    while (true) {
      Token token = peek();
      if (token.kind() == Kind.DOT) {
        next();
        Token name = peek();
        if (name.kind() != Kind.IDENT) {
          throw Lexer.error(
              name.position(), "expected an identifier after '.', got " + name.describe());
        }
        next();
        expression = new Expression.Access(expression, name.value(), expression.position());
      } else if (token.kind() == Kind.LBRACK) {
        next();
        enter(token);
        Expression index = expression();
        expect(Kind.RBRACK, "to close the index opened at " + token.position());
        depth--;
        expression = new Expression.Index(expression, index, expression.position());
      } else if (token.kind() == Kind.LPAREN) {
        next();
        enter(token);
        List<Expression> arguments = expressionList(Kind.RPAREN, "argument list");
        depth--;
        expression = new Expression.Call(expression, arguments, expression.position());
      } else {
        return expression;
      }
    }
  }

  private Expression primary() {
    Token token = peek();
    switch (token.kind()) {
      case IDENT:
        next();
        return new Expression.Identifier(token.value(), token.position());
      case NUMBER:
        next();
        return new Expression.NumberLiteral(token.value(), token.position());
      case STRING:
        next();
        return new Expression.StringLiteral(token.value(), token.position());
      case TRUE:
      case FALSE:
        next();
        return new Expression.BoolLiteral(token.kind() == Kind.TRUE, token.position());
      case NULL:
        next();
        return new Expression.NullLiteral(token.position());
      case LBRACK:
        next();
        enter(token);
        List<Expression> elements = expressionList(Kind.RBRACK, "array");
        depth--;
        return new Expression.ArrayLiteral(elements, token.position());
      case LBRACE:
        next();
        enter(token);
        Expression object = object(token);
        depth--;
        return object;
      case LPAREN:
        next();
        enter(token);
        Expression inner = expression();
        expect(Kind.RPAREN, "to close the parenthesis opened at " + token.position());
        depth--;
        return new Expression.Parenthesized(inner, token.position());
      default:
        throw Lexer.error(token.position(), "expected an expression, got " + token.describe());
    }
  }

  /** Elements separated by commas, an optional trailing comma, then {@code end}. */
  private List<Expression> expressionList(Kind end, String what) {
    List<Expression> list = new ArrayList<>();
    while (peek().kind() != end) {
      list.add(expression());
      if (peek().kind() == end) {
        break;
      }
      Token separator = peek();
      if (separator.kind() != Kind.COMMA) {
        throw missingComma(separator, what, end);
      }
      next();
    }
    next();
    return list;
  }

  private Expression object(Token open) {
    List<Expression.ObjectField> fields = new ArrayList<>();
    while (peek().kind() != Kind.RBRACE) {
      Token key = peek();
      if (key.kind() != Kind.IDENT && key.kind() != Kind.STRING) {
        throw Lexer.error(
            key.position(), "expected an object key (identifier or string), got " + key.describe());
      }
      next();
      Token assign = peek();
      if (assign.kind() != Kind.ASSIGN) {
        throw Lexer.error(
            assign.position(), "expected '=' after the object key, got " + assign.describe());
      }
      next();
      Expression value = expression();
      fields.add(
          new Expression.ObjectField(
              key.value(), key.kind() == Kind.STRING, value, key.position()));
      if (peek().kind() == Kind.RBRACE) {
        break;
      }
      Token separator = peek();
      if (separator.kind() != Kind.COMMA) {
        throw missingComma(separator, "object", Kind.RBRACE);
      }
      next();
    }
    next();
    return new Expression.ObjectLiteral(fields, open.position());
  }

  private static AlloySyntaxException missingComma(Token got, String what, Kind end) {
    if (got.kind() == Kind.TERMINATOR) {
      return Lexer.error(
          got.position(),
          "missing ',' before newline in "
              + what
              + " (a multi-line "
              + what
              + " needs a comma after every element, including the last)");
    }
    return Lexer.error(
        got.position(),
        "expected ',' or " + end.description() + " in " + what + ", got " + got.describe());
  }

  private static @Nullable BinaryOperator binaryOperator(Kind kind) {
    switch (kind) {
      case OR:
        return BinaryOperator.OR;
      case AND:
        return BinaryOperator.AND;
      case EQ:
        return BinaryOperator.EQUAL;
      case NEQ:
        return BinaryOperator.NOT_EQUAL;
      case LT:
        return BinaryOperator.LESS;
      case LTE:
        return BinaryOperator.LESS_OR_EQUAL;
      case GT:
        return BinaryOperator.GREATER;
      case GTE:
        return BinaryOperator.GREATER_OR_EQUAL;
      case PLUS:
        return BinaryOperator.ADD;
      case MINUS:
        return BinaryOperator.SUBTRACT;
      case STAR:
        return BinaryOperator.MULTIPLY;
      case SLASH:
        return BinaryOperator.DIVIDE;
      case PERCENT:
        return BinaryOperator.MODULO;
      case CARET:
        return BinaryOperator.POWER;
      default:
        return null;
    }
  }

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw Lexer.error(at.position(), "nesting is deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void expect(Kind kind, String context) {
    Token token = peek();
    if (token.kind() != kind) {
      throw Lexer.error(
          token.position(),
          "expected " + kind.description() + " " + context + ", got " + token.describe());
    }
    next();
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    Token token = tokens.get(index);
    if (token.kind() != Kind.EOF) {
      index++;
    }
    return token;
  }
}
