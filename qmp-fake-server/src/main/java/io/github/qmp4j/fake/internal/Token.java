package io.github.qmp4j.fake.internal;

/** One lexer token and the raw bytes it was made of (quotes and escapes included). */
public final class Token {
  private final TokenType type;
  private final byte[] text;

  /**
   * Creates a token; the lexer hands over the bytes and never touches them again.
   *
   * @param type the kind
   * @param text the raw bytes
   */
  public Token(TokenType type, byte[] text) {
    this.type = type;
    this.text = text;
  }

  /** Returns the kind. */
  public TokenType type() {
    return type;
  }

  /** Returns the raw bytes (not a copy). */
  public byte[] text() {
    return text;
  }

  @Override
  public String toString() {
    return type + "[" + ModifiedUtf8.lenient(text) + "]";
  }
}
