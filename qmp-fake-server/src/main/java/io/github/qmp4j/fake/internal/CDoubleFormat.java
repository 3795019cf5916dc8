package io.github.qmp4j.fake.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** C's {@code printf("%.17g")}, which QEMU uses to write every floating-point number. */
public final class CDoubleFormat {
  private static final int PRECISION = 17;

  private CDoubleFormat() {}

  /**
   * Formats a double as glibc's {@code %.17g} does, including {@code inf} and {@code nan}, which
   * QEMU writes into its JSON as they are.
   *
   * @param d the number
   * @return the text
   */
  public static String format(double d) {
    if (Double.isNaN(d)) {
      return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
    }
    if (Double.isInfinite(d)) {
      return d < 0 ? "-inf" : "inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal rounded =
        new BigDecimal(d).round(new MathContext(PRECISION, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= PRECISION) {
      String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
      StringBuilder out = new StringBuilder();
      if (rounded.signum() < 0) {
        out.append('-');
      }
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        out.append('0');
      }
      return out.append(abs).toString();
    }
    return rounded.stripTrailingZeros().toPlainString();
  }
}
