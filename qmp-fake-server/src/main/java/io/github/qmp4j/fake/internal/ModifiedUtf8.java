package io.github.qmp4j.fake.internal;

/**
 * QEMU's decoding of "modified UTF-8" ({@code util/unicode.c}): UTF-8 where {@code C0 80} encodes
 * U+0000, and where surrogates, noncharacters, overlong forms and code points past U+10FFFF are
 * invalid. Bytes past the end read as NUL, as they do in QEMU's NUL-terminated strings.
 */
public final class ModifiedUtf8 {
  private static final int[] MIN_CODE_POINT = {0x80, 0x800, 0x10000, 0x200000, 0x4000000};

  private ModifiedUtf8() {}

  /**
   * Decodes one code point.
   *
   * @param bytes the input
   * @param at where the sequence starts
   * @param end where the input ends
   * @return the code point in the low 32 bits (-1 when invalid) and the index after what was
   *     consumed in the high 32 bits; see {@link #codePoint(long)} and {@link #next(long)}
   */
  public static long decode(byte[] bytes, int at, int end) {
    int first = byteAt(bytes, at, end);
    int p = at + 1;
    int cp;
    if (first < 0x80) {
      cp = first;
    } else if (first >= 0xFE || (first & 0x40) == 0) {
      cp = -1; // impossible byte, or a continuation byte where a sequence should start
    } else {
      int length = 0;
      int mask = 0x80;
      for (; (first & mask) != 0; mask >>= 1) {
        length++;
      }
      cp = first & (mask - 1);
      for (int i = 1; i < length; i++) {
        int b = byteAt(bytes, p, end);
        if ((b & 0xC0) != 0x80) {
          return pack(-1, p); // the missing continuation byte is not consumed
        }
        p++;
        cp = (cp << 6) | (b & 0x3F);
      }
      if (!isValidCodePoint(cp)) {
        cp = -1;
      } else if (cp < MIN_CODE_POINT[length - 2] && !(cp == 0 && length == 2)) {
        cp = -1; // overlong, other than C0 80
      }
    }
    return pack(cp, p);
  }

  /** Returns the code point of a {@link #decode} result, -1 when invalid. */
  public static int codePoint(long decoded) {
    return (int) decoded;
  }

  /** Returns the index after a {@link #decode} result. */
  public static int next(long decoded) {
    return (int) (decoded >>> 32);
  }

  private static long pack(int cp, int next) {
    return ((long) next << 32) | (cp & 0xFFFFFFFFL);
  }

  private static int byteAt(byte[] bytes, int i, int end) {
    return i < end ? bytes[i] & 0xff : 0;
  }

  /**
   * Tells whether QEMU accepts a code point: in range, not a surrogate, not a noncharacter.
   *
   * @param cp the code point
   * @return whether it is valid
   */
  public static boolean isValidCodePoint(int cp) {
    if (cp < 0 || cp > 0x10FFFF) {
      return false;
    }
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
      return false;
    }
    return cp < 0xD800 || cp > 0xDFFF;
  }

  /**
   * Decodes bytes the way QEMU's JSON writer prints a C string: up to the first NUL, with every
   * invalid sequence replaced by U+FFFD. Used for error texts that quote raw input.
   *
   * @param bytes the raw bytes
   * @return the text
   */
  public static String lenient(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length && bytes[i] != 0) {
      long d = decode(bytes, i, bytes.length);
      int cp = codePoint(d);
      out.appendCodePoint(cp < 0 ? 0xFFFD : cp);
      i = Math.max(next(d), i + 1);
    }
    return out.toString();
  }
}
