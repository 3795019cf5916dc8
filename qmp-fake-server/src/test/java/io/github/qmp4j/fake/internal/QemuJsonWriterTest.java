package io.github.qmp4j.fake.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * QEMU's writer details, each with the value QEMU 7.2 printed for it (the differential suite checks
 * them live; these pin them down without QEMU).
 */
class QemuJsonWriterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @CsvSource({
    "0.1, 0.10000000000000001",
    "100, 100",
    "2, 2",
    "1.5e300, 1.5000000000000001e+300",
    "1e-7, 9.9999999999999995e-08",
    "18446744073709551616, 1.8446744073709552e+19",
    "-9223372036854775809, -9.2233720368547758e+18",
    "3.14159, 3.1415899999999999",
    "1e16, 10000000000000000",
    "1e17, 1e+17",
    "0.0001, 0.0001",
    "0.00001, 1.0000000000000001e-05",
    "-0.0, -0",
    "123456.789, 123456.789",
  })
  void doublesAsPercent17g(double value, String printed) {
    assertEquals(printed, CDoubleFormat.format(value));
  }

  @Test
  void infinityAsQemuPrintsIt() {
    assertEquals("inf", CDoubleFormat.format(Double.POSITIVE_INFINITY));
    assertEquals("-inf", CDoubleFormat.format(Double.NEGATIVE_INFINITY));
  }

  @Test
  void membersInQemuDictionaryOrder() {
    assertEquals(
        List.of("micro", "minor", "major"), QDictOrder.order(List.of("major", "minor", "micro")));
    assertEquals(List.of("id", "error"), QDictOrder.order(List.of("error", "id")));
    assertEquals(List.of("return", "id"), QDictOrder.order(List.of("return", "id")));
    assertEquals(
        List.of("timestamp", "event", "data"),
        QDictOrder.order(List.of("event", "timestamp", "data")));
    assertEquals(
        List.of("status", "singlestep", "running"),
        QDictOrder.order(List.of("running", "singlestep", "status")));
  }

  @Test
  void leftoverArgumentsInGlibHashOrder() {
    // QEMU 7.2 reported 'b', 'yy' and 'b' as the unexpected parameter for these.
    assertEquals("b", GHashOrder.order(QDictOrder.order(List.of("b", "a"))).get(0));
    assertEquals("yy", GHashOrder.order(QDictOrder.order(List.of("zz", "yy", "xx"))).get(0));
    assertEquals(
        "b",
        GHashOrder.order(QDictOrder.order(List.of("d", "c", "b", "a", "e", "f", "g", "h", "i")))
            .get(0));
  }

  @Test
  void compactAndPrettyLayouts() throws Exception {
    var node = JSON.readTree("{\"a\":[1,{},[]],\"b\":\"\\u00e9\\n\\u0001\"}");
    assertEquals(
        "{\"a\": [1, {}, []], \"b\": \"\\u00E9\\n\\u0001\"}", QemuJsonWriter.write(node, false));
    assertEquals(
        "{\r\n    \"a\": [\r\n        1,\r\n        {\r\n        },\r\n        [\r\n        ]\r\n"
            + "    ],\r\n    \"b\": \"\\u00E9\\n\\u0001\"\r\n}",
        QemuJsonWriter.write(node, true));
  }

  @Test
  void unsignedSixtyFourBitIntegersStayIntegers() {
    var max = JsonNodeFactory.instance.numberNode(new java.math.BigInteger("18446744073709551615"));
    assertEquals("18446744073709551615", QemuJsonWriter.write(max, false));
  }
}
