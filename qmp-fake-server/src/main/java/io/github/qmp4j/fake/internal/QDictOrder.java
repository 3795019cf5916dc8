package io.github.qmp4j.fake.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which QEMU walks the members of a {@code QDict}, and so the order they appear in on
 * the wire: by hash bucket ({@code tdb_hash(key) % 512}), and inside a bucket the member inserted
 * last first. That is why QEMU writes {@code {"id": 1, "error": ...}} but {@code {"return": ...,
 * "id": 1}}, and why it checks the members of a request in this order too.
 */
public final class QDictOrder {
  private static final int BUCKETS = 512;

  private QDictOrder() {}

  /**
   * QEMU's {@code tdb_hash()} of a key's UTF-8 bytes, in unsigned 32-bit arithmetic.
   *
   * @param key the key
   * @return the hash, as an unsigned value in a {@code long}
   */
  static long hash(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int value = 0x238F13AF * bytes.length;
    for (int i = 0; i < bytes.length; i++) {
      value += (bytes[i] & 0xff) << (i * 5 % 24);
    }
    return Integer.toUnsignedLong(1103515243 * value + 12345);
  }

  /**
   * Orders keys the way QEMU iterates a dictionary built by inserting them in the given order.
   *
   * @param insertionOrder the keys, first inserted first
   * @return the keys in QEMU's iteration order
   */
  public static List<String> order(Collection<String> insertionOrder) {
    List<String> keys = new ArrayList<>(insertionOrder);
    List<Integer> rank = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      rank.add(i);
    }
    rank.sort(
        Comparator.<Integer>comparingLong(i -> hash(keys.get(i)) % BUCKETS)
            .thenComparing(Comparator.<Integer>naturalOrder().reversed()));
    List<String> ordered = new ArrayList<>(keys.size());
    for (int i : rank) {
      ordered.add(keys.get(i));
    }
    return ordered;
  }
}
