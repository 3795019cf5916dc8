package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An event's accessors: members of its data without copying the whole of it, and its time. */
class QmpEventTest {
  private final QmpEvent event =
      QmpEvent.of(
          Message.parse(
              "{\"event\":\"BLOCK_JOB_COMPLETED\",\"data\":{\"seq\":7,\"device\":\"d0\","
                  + "\"sizes\":[1,2],\"job\":{\"id\":\"j\"},\"none\":null},"
                  + "\"timestamp\":{\"seconds\":10,\"microseconds\":5}}"));

  @Test
  void dataMemberReturnsValuesAndCopiesOfContainers() {
    assertEquals(7, event.data("seq").asInt());
    assertEquals("d0", event.data("device").asString());
    assertSame(event.data("seq"), event.data("seq"), "value nodes are immutable: no copy");
    assertEquals(Json.NODES.nullNode(), event.data("none"));
    assertNull(event.data("absent"));

    ArrayNode sizes = (ArrayNode) event.data("sizes");
    sizes.add(3);
    ((ObjectNode) event.data("job")).put("id", "changed");
    assertEquals("[1,2]", event.data("sizes").toString(), "the event is unchanged");
    assertEquals("j", event.data("job").get("id").asString());
    assertEquals(event.data().get("sizes"), event.data("sizes"));
  }

  @Test
  void dataMemberOfAnEventWithoutDataIsNull() {
    QmpEvent bare = QmpEvent.of(Message.parse("{\"event\":\"STOP\"}"));
    assertNull(bare.data("seq"));
    QmpEvent odd = QmpEvent.of(Message.parse("{\"event\":\"X\",\"data\":[1]}"));
    assertNull(odd.data("0"));
    assertEquals(Json.NODES.objectNode(), odd.data());
  }

  @Test
  void timestampIsReadFromTheMessage() {
    assertEquals(Instant.ofEpochSecond(10, 5000), event.timestamp());
    JsonNode copy = event.data();
    ((ObjectNode) copy).put("seq", 8);
    assertEquals(7, event.data("seq").asInt());
    assertNull(QmpEvent.of(Message.parse("{\"event\":\"X\",\"timestamp\":{}}")).timestamp());
  }
}
