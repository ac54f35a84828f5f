package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An Alloy expression. Every node knows where it starts in the source. */
public sealed interface Expression {

  /** Where the expression starts. */
  Position position();

  /** A number as written, e.g. {@code 15}, {@code 0.5}, {@code 1e3}. */
  record NumberLiteral(String text, Position position) implements Expression {
    public NumberLiteral {
      requireNonNull(text, "text");
      requireNonNull(position, "position");
    }
  }

  /** A quoted or raw (backtick) string; {@code value} has its escapes resolved. */
  record StringLiteral(String value, Position position) implements Expression {
    public StringLiteral {
      requireNonNull(value, "value");
      requireNonNull(position, "position");
    }
  }

  /** {@code true} or {@code false}. */
  record BoolLiteral(boolean value, Position position) implements Expression {
    public BoolLiteral {
      requireNonNull(position, "position");
    }
  }

  /** {@code null}. */
  record NullLiteral(Position position) implements Expression {
    public NullLiteral {
      requireNonNull(position, "position");
    }
  }

  /** A bare name, e.g. {@code sys} or {@code otelcol}. */
  record Identifier(String name, Position position) implements Expression {
    public Identifier {
      requireNonNull(name, "name");
      requireNonNull(position, "position");
    }
  }

  /** {@code target.name}, e.g. {@code otelcol.exporter.otlp.default.input}. */
  record Access(Expression target, String name, Position position) implements Expression {
    public Access {
      requireNonNull(target, "target");
      requireNonNull(name, "name");
      requireNonNull(position, "position");
    }
  }

  /** {@code target[index]}. */
  record Index(Expression target, Expression index, Position position) implements Expression {
    public Index {
      requireNonNull(target, "target");
      requireNonNull(index, "index");
      requireNonNull(position, "position");
    }
  }

  /** {@code function(arguments...)}, e.g. {@code sys.env("HOME")}. */
  record Call(Expression function, List<Expression> arguments, Position position)
      implements Expression {
    public Call {
      requireNonNull(function, "function");
      arguments = List.copyOf(arguments);
      requireNonNull(position, "position");
    }
  }

  /** {@code [a, b, c]}. */
  record ArrayLiteral(List<Expression> elements, Position position) implements Expression {
    public ArrayLiteral {
      elements = List.copyOf(elements);
      requireNonNull(position, "position");
    }
  }

  /** {@code { a = 1, "b" = 2 }}. */
  record ObjectLiteral(List<ObjectField> fields, Position position) implements Expression {
    public ObjectLiteral {
      fields = List.copyOf(fields);
      requireNonNull(position, "position");
    }
  }

  /** One {@code key = value} of an object; {@code quoted} when the key was a string literal. */
  record ObjectField(String key, boolean quoted, Expression value, Position position) {
    public ObjectField {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      requireNonNull(position, "position");
    }
  }

  /** {@code !operand} or {@code -operand}. */
  record Unary(UnaryOperator operator, Expression operand, Position position)
      implements Expression {
    public Unary {
      requireNonNull(operator, "operator");
      requireNonNull(operand, "operand");
      requireNonNull(position, "position");
    }
  }

  /** {@code left operator right}. */
  record Binary(BinaryOperator operator, Expression left, Expression right, Position position)
      implements Expression {
    public Binary {
      requireNonNull(operator, "operator");
      requireNonNull(left, "left");
      requireNonNull(right, "right");
      requireNonNull(position, "position");
    }
  }

  /** {@code (inner)}. */
  record Parenthesized(Expression inner, Position position) implements Expression {
    public Parenthesized {
      requireNonNull(inner, "inner");
      requireNonNull(position, "position");
    }
  }

  /** Prefix operators. */
  enum UnaryOperator {
    NOT("!"),
    NEGATE("-");

    private final String symbol;

    UnaryOperator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** Infix operators; a higher precedence binds tighter. {@code ^} is right-associative. */
  enum BinaryOperator {
    OR("||", 1),
    AND("&&", 2),
    EQUAL("==", 3),
    NOT_EQUAL("!=", 3),
    LESS("<", 3),
    LESS_OR_EQUAL("<=", 3),
    GREATER(">", 3),
    GREATER_OR_EQUAL(">=", 3),
    ADD("+", 4),
    SUBTRACT("-", 4),
    MULTIPLY("*", 5),
    DIVIDE("/", 5),
    MODULO("%", 5),
    POWER("^", 6);

    private final String symbol;
    private final int precedence;

    BinaryOperator(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    public String symbol() {
      return symbol;
    }

    public int precedence() {
      return precedence;
    }
  }
}
