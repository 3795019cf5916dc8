package io.github.qmp4j.fake.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The order in which GLib walks a {@code GHashTable} of strings. QEMU's argument checker puts the
 * argument names into one, removes those the command declares, and reports the first name left over
 * as "Parameter 'X' is unexpected"; this picks the same X. Exact for up to seven arguments (GLib's
 * smallest table); for more, an approximation of GLib's in-place resize.
 */
public final class GHashOrder {
  private static final int[] PRIME_MOD = {
    1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521
  };
  private static final int MIN_SHIFT = 3;

  private GHashOrder() {}

  /** GLib's {@code g_str_hash()} (djb2 over the bytes as signed chars). */
  static int strHash(String key) {
    int h = 5381;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = (h << 5) + h + b;
    }
    return h;
  }

  /**
   * Returns the keys in the order a GHashTable built by inserting them in the given order walks
   * them.
   *
   * @param insertionOrder the keys, first inserted first
   * @return the iteration order
   */
  public static List<String> order(List<String> insertionOrder) {
    int shift = MIN_SHIFT;
    @Nullable String[] table = new String[1 << shift];
    int occupied = 0;
    for (String key : insertionOrder) {
      insert(table, shift, key);
      occupied++;
      if (table.length <= occupied + occupied / 16) {
        shift = Math.max(MIN_SHIFT, closestShift(occupied + occupied / 3));
        @Nullable String[] bigger = new String[1 << shift];
        for (String moved : table) {
          if (moved != null) {
            insert(bigger, shift, moved);
          }
        }
        table = bigger;
      }
    }
    List<String> order = new ArrayList<>(insertionOrder.size());
    for (String key : table) {
      if (key != null) {
        order.add(key);
      }
    }
    return order;
  }

  private static int closestShift(int n) {
    int i = 0;
    for (; n != 0; i++) {
      n >>= 1;
    }
    return i;
  }

  private static void insert(@Nullable String[] table, int shift, String key) {
    int hash = strHash(key);
    if (Integer.compareUnsigned(hash, 1) <= 0) {
      hash = 2; // GLib reserves 0 and 1 for empty and deleted slots
    }
    int mask = table.length - 1;
    int index = Integer.remainderUnsigned(hash * 11, PRIME_MOD[shift]);
    int step = 0;
    while (table[index] != null) {
      step++;
      index = (index + step) & mask;
    }
    table[index] = key;
  }
}
