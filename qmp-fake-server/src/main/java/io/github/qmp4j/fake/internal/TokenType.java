package io.github.qmp4j.fake.internal;

/** The kinds of token QEMU's JSON lexer emits. */
public enum TokenType {
  /** A left curly bracket. */
  LCURLY,
  /** A right curly bracket. */
  RCURLY,
  /** A left square bracket. */
  LSQUARE,
  /** A right square bracket. */
  RSQUARE,
  /** A colon. */
  COLON,
  /** A comma. */
  COMMA,
  /** An integer literal. */
  INTEGER,
  /** A literal with a fraction or an exponent. */
  FLOAT,
  /** A run of lower-case letters; the parser accepts only true, false and null. */
  KEYWORD,
  /** A double- or single-quoted string, quotes included. */
  STRING,
  /** Input the lexer cannot make a token of. */
  ERROR,
  /** A token cut off at QEMU's 64 MiB token limit. */
  OVERSIZED
}
