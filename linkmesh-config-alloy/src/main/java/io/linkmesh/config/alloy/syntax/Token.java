package io.linkmesh.config.alloy.syntax;

/** One lexical token. {@code value} is the decoded text of a string, the raw text otherwise. */
record Token(Kind kind, String value, Position position) {

  enum Kind {
    IDENT("identifier"),
    NUMBER("number"),
    STRING("string"),
    TRUE("true"),
    FALSE("false"),
    NULL("null"),
    ASSIGN("'='"),
    EQ("'=='"),
    NEQ("'!='"),
    LT("'<'"),
    LTE("'<='"),
    GT("'>'"),
    GTE("'>='"),
    PLUS("'+'"),
    MINUS("'-'"),
    STAR("'*'"),
    SLASH("'/'"),
    PERCENT("'%'"),
    CARET("'^'"),
    NOT("'!'"),
    AND("'&&'"),
    OR("'||'"),
    DOT("'.'"),
    COMMA("','"),
    LBRACK("'['"),
    RBRACK("']'"),
    LBRACE("'{'"),
    RBRACE("'}'"),
    LPAREN("'('"),
    RPAREN("')'"),
    TERMINATOR("newline"),
    EOF("end of file");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  /** How an error message names this token, e.g. {@code identifier "foo"} or {@code ','}. */
  String describe() {
    switch (kind) {
      case IDENT:
        return "identifier \"" + value + "\"";
      case NUMBER:
        return "number " + value;
      case STRING:
        return "string literal";
      default:
        return kind.description();
    }
  }
}
