package io.github.qmp4j.fake.internal;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * QEMU 7.2's JSON lexer ({@code qobject/json-lexer.c}) as a byte-at-a-time state machine: the same
 * states, the same lookahead, the same error recovery. It accepts QEMU's extensions (single-quoted
 * strings, {@code \'}) and, like QEMU, needs the byte after a number or keyword to end it.
 *
 * <p>After a lexical error it skips input until a structural character, a control character or byte
 * 0xFE/0xFF, which is why one bad chunk can cost several error replies.
 */
public final class JsonLexer {
  /** QEMU's limit on one token, and on the tokens of one message: 64 MiB. */
  public static final int MAX_TOKEN_SIZE = 64 << 20;

  private enum State {
    START,
    RECOVERY,
    DQ_STRING,
    DQ_STRING_ESCAPE,
    SQ_STRING,
    SQ_STRING_ESCAPE,
    ZERO,
    SIGN,
    DIGITS,
    MANTISSA,
    MANTISSA_DIGITS,
    EXP_E,
    EXP_SIGN,
    EXP_DIGITS,
    KEYWORD
  }

  /** Where one byte leads: to a state, or to a finished token; maybe without consuming it. */
  private record Step(State state, TokenType token, boolean lookahead, boolean emits) {
    // One instance per transition: the lexer runs once per input byte and must not allocate.
    private static final Map<State, Step> TO = new EnumMap<>(State.class);
    private static final Map<TokenType, Step> EMIT = new EnumMap<>(TokenType.class);
    private static final Map<TokenType, Step> EMIT_BEFORE = new EnumMap<>(TokenType.class);
    private static final Step RESTART_BEFORE = new Step(State.START, TokenType.ERROR, true, false);

    static {
      for (State s : State.values()) {
        TO.put(s, new Step(s, TokenType.ERROR, false, false));
      }
      for (TokenType t : TokenType.values()) {
        EMIT.put(t, new Step(State.START, t, false, true));
        EMIT_BEFORE.put(t, new Step(State.START, t, true, true));
      }
    }

    static Step to(State s) {
      return Objects.requireNonNull(TO.get(s));
    }

    static Step emit(TokenType t) {
      return Objects.requireNonNull(EMIT.get(t));
    }

    static Step emitBefore(TokenType t) {
      return Objects.requireNonNull(EMIT_BEFORE.get(t));
    }

    static Step restartBefore() {
      return RESTART_BEFORE;
    }
  }

  private static final Step ERROR = Step.emit(TokenType.ERROR);

  /** The token buffer's size at rest; it grows for a long token and shrinks back after it. */
  static final int INITIAL_BUFFER = 64;

  /** Past this size the token buffer is given back after its token, so big input costs no RAM. */
  private static final int KEPT_BUFFER = 64 * 1024;

  private final Consumer<Token> sink;
  private final int maxTokenSize;
  private byte[] token = new byte[INITIAL_BUFFER];
  private int tokenLength;
  private State state = State.START;

  /**
   * Creates a lexer with QEMU's token size limit.
   *
   * @param sink receives each token in order
   */
  public JsonLexer(Consumer<Token> sink) {
    this(sink, MAX_TOKEN_SIZE);
  }

  /**
   * Creates a lexer.
   *
   * @param sink receives each token in order
   * @param maxTokenSize the longest token: a longer one is handed on as {@link TokenType#OVERSIZED}
   *     once it passes the limit, and lexing starts over
   */
  public JsonLexer(Consumer<Token> sink, int maxTokenSize) {
    this.sink = sink;
    this.maxTokenSize = maxTokenSize;
  }

  /** Returns the size of the token buffer, which stays below twice the token limit. */
  public int bufferCapacity() {
    return token.length;
  }

  /**
   * Feeds bytes.
   *
   * @param bytes the buffer
   * @param offset where to start
   * @param length how many bytes
   */
  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      feed(bytes[i] & 0xff);
    }
  }

  private void feed(int b) {
    boolean consumed = false;
    while (!consumed) {
      Step step = next(state, b);
      consumed = !step.lookahead();
      if (consumed) {
        append(b);
      }
      if (step.emits()) {
        sink.accept(new Token(step.token(), Arrays.copyOf(token, tokenLength)));
        tokenLength = 0;
        shrink();
        state = step.token() == TokenType.ERROR ? State.RECOVERY : State.START;
      } else {
        if (step.state() == State.START || step.state() == State.RECOVERY) {
          tokenLength = 0; // whitespace and skipped garbage never become part of a token
          shrink();
        }
        state = step.state();
      }
    }
    if (tokenLength > maxTokenSize) {
      // QEMU hands the runaway token on as it is; the streamer then reports the size limit.
      sink.accept(new Token(TokenType.OVERSIZED, Arrays.copyOf(token, tokenLength)));
      tokenLength = 0;
      shrink();
      state = State.START;
    }
  }

  private void shrink() {
    if (token.length > KEPT_BUFFER) {
      token = new byte[INITIAL_BUFFER];
    }
  }

  private void append(int b) {
    if (tokenLength == token.length) {
      token = Arrays.copyOf(token, token.length * 2);
    }
    token[tokenLength++] = (byte) b;
  }

  private static boolean digit(int b) {
    return b >= '0' && b <= '9';
  }

  private static Step next(State state, int b) {
    return switch (state) {
      case START -> start(b);
      case RECOVERY -> recovery(b);
      case DQ_STRING -> string(b, '"', State.DQ_STRING, State.DQ_STRING_ESCAPE);
      case SQ_STRING -> string(b, '\'', State.SQ_STRING, State.SQ_STRING_ESCAPE);
      case DQ_STRING_ESCAPE -> b >= 0x20 && b <= 0xFD ? Step.to(State.DQ_STRING) : ERROR;
      case SQ_STRING_ESCAPE -> b >= 0x20 && b <= 0xFD ? Step.to(State.SQ_STRING) : ERROR;
      case ZERO -> digit(b) ? ERROR : b == '.' ? Step.to(State.MANTISSA) : integerEnd();
      case SIGN -> b == '0' ? Step.to(State.ZERO) : digit(b) ? Step.to(State.DIGITS) : ERROR;
      case DIGITS -> digits(b);
      case MANTISSA -> digit(b) ? Step.to(State.MANTISSA_DIGITS) : ERROR;
      case MANTISSA_DIGITS -> mantissaDigits(b);
      case EXP_E -> b == '-' || b == '+' ? Step.to(State.EXP_SIGN) : exponentDigit(b);
      case EXP_SIGN -> exponentDigit(b);
      case EXP_DIGITS -> digit(b) ? Step.to(State.EXP_DIGITS) : Step.emitBefore(TokenType.FLOAT);
      case KEYWORD ->
          b >= 'a' && b <= 'z' ? Step.to(State.KEYWORD) : Step.emitBefore(TokenType.KEYWORD);
    };
  }

  private static Step integerEnd() {
    return Step.emitBefore(TokenType.INTEGER);
  }

  private static Step exponentDigit(int b) {
    return digit(b) ? Step.to(State.EXP_DIGITS) : ERROR;
  }

  private static Step digits(int b) {
    if (digit(b)) {
      return Step.to(State.DIGITS);
    }
    if (b == 'e' || b == 'E') {
      return Step.to(State.EXP_E);
    }
    return b == '.' ? Step.to(State.MANTISSA) : integerEnd();
  }

  private static Step mantissaDigits(int b) {
    if (digit(b)) {
      return Step.to(State.MANTISSA_DIGITS);
    }
    return b == 'e' || b == 'E' ? Step.to(State.EXP_E) : Step.emitBefore(TokenType.FLOAT);
  }

  private static Step string(int b, char quote, State self, State escape) {
    if (b == quote) {
      return Step.emit(TokenType.STRING);
    }
    if (b == '\\') {
      return Step.to(escape);
    }
    return b >= 0x20 && b <= 0xFD ? Step.to(self) : ERROR;
  }

  private static Step recovery(int b) {
    boolean resync =
        (b < 0x20 && b != '\t')
            || b >= 0xFE
            || b == '['
            || b == ']'
            || b == '{'
            || b == '}'
            || b == ':'
            || b == ',';
    return resync ? Step.restartBefore() : Step.to(State.RECOVERY);
  }

  private static Step start(int b) {
    return switch (b) {
      case '"' -> Step.to(State.DQ_STRING);
      case '\'' -> Step.to(State.SQ_STRING);
      case '0' -> Step.to(State.ZERO);
      case '-' -> Step.to(State.SIGN);
      case '{' -> Step.emit(TokenType.LCURLY);
      case '}' -> Step.emit(TokenType.RCURLY);
      case '[' -> Step.emit(TokenType.LSQUARE);
      case ']' -> Step.emit(TokenType.RSQUARE);
      case ',' -> Step.emit(TokenType.COMMA);
      case ':' -> Step.emit(TokenType.COLON);
      case ' ', '\t', '\r', '\n' -> Step.to(State.START);
      default -> {
        if (b >= '1' && b <= '9') {
          yield Step.to(State.DIGITS);
        }
        yield b >= 'a' && b <= 'z' ? Step.to(State.KEYWORD) : ERROR;
      }
    };
  }
}
