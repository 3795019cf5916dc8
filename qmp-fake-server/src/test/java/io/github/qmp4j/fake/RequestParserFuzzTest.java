package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.qmp4j.fake.internal.DescriptorSource;
import io.github.qmp4j.fake.internal.Frame;
import io.github.qmp4j.fake.internal.JsonLexer;
import io.github.qmp4j.fake.internal.JsonLimits;
import io.github.qmp4j.fake.internal.JsonStreamer;
import io.github.qmp4j.fake.internal.QemuJsonWriter;
import io.github.qmp4j.fake.internal.WireCodec;
import io.github.qmp4j.protocol.ProtocolTimeoutException;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageReader;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.ReadTimeouts;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes the fake server's request parsing and dispatch with arbitrary client bytes, followed by a
 * resynchronising {@code 0xFF} and a last command. Each input goes through the fake's codec into a
 * session without a connection, on the fuzzing thread (fast, and deterministic for the fuzzer);
 * when replaying seeds, and for one input in 32 when fuzzing, the same bytes also go to the fake
 * over {@code memory:} in pieces, and both must send the same messages. Seeds are real QEMU 7.2
 * request streams (those the differential tests prove against QEMU), what libvirt and qemu.qmp
 * send, valid commands with bytes flipped, cut or duplicated, deep nesting, invalid UTF-8, huge
 * strings and numbers, plus every input that ever found a bug, in {@code
 * src/test/resources/io/github/qmp4j/fake/RequestParserFuzzTestInputs/}. {@code mvn verify} replays
 * them; {@code JAZZER_FUZZ=1} fuzzes for real.
 *
 * <p>The fake runs with small limits on one message (512 bytes, 128 tokens, depth 64; QEMU's are 64
 * MiB, 2 Mi tokens and 1024, tested against QEMU elsewhere) so that inputs of at most 1 KiB reach
 * them. A reference lexer and streamer read the same bytes to know which requests and parse errors
 * the fake must answer, and when. Invariants, for every input:
 *
 * <ul>
 *   <li>the parser never throws, and its memory is bounded: the token buffer stays below twice the
 *       size limit, the tokens waiting for a message's end within the limits, and every value it
 *       accepts within them (a message past a limit is refused);
 *   <li>every request and every parse error gets exactly one reply, in order (over {@code memory:}:
 *       no later than the bytes that complete it, each within 10 s, so it never hangs);
 *   <li>every reply is QEMU-shaped, one line ending in CR LF: a parse error is {@code {"error":
 *       {"class": "GenericError", "desc": QEMU's text}}} without an id, a value that is not an
 *       object gets QEMU's "QMP input must be a JSON object", a request object gets {@code return}
 *       or an {@code error} of exactly {@code class} (GenericError or CommandNotFound) and {@code
 *       desc}, with its {@code id} echoed exactly when it had one; events are well-formed;
 *   <li>the parser recovers as QEMU's does: after {@code 0xFF} the last command is read and
 *       answered whatever came before, unless a {@code quit} was answered, after which the fake
 *       says nothing more (and over {@code memory:} closes); it never closes otherwise;
 *   <li>no thread of the fake dies of an uncaught exception, sessions end, and each recorded
 *       command's accessors work.
 * </ul>
 */
class RequestParserFuzzTest {
  /** Small limits, so that small inputs reach them (QEMU's are tested against QEMU). */
  static final JsonLimits LIMITS = new JsonLimits(512, 128, 64);

  /** Inputs are cut here: twice the size limit reaches every limit, and longer is slower. */
  private static final int MAX_INPUT = 1024;

  /** Bytes written before the replies due are read: keeps the in-memory pipes from filling. */
  private static final int CHUNK = 512;

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String SENTINEL_ID = "fuzz-sentinel";

  /** {@code 0xFF} ends any token and message in QEMU's lexer; then one command. */
  private static final byte[] SENTINEL =
      concat(
          new byte[] {(byte) 0xff},
          ("{\"execute\":\"query-status\",\"id\":\"" + SENTINEL_ID + "\"}")
              .getBytes(StandardCharsets.US_ASCII));

  private static final Set<String> ERROR_CLASSES = Set.of("GenericError", "CommandNotFound");
  private static final int LOG_CAPACITY = 16;

  /** Reads the fake's output, nesting as deep as an echoed id may be. */
  private static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(4 * 1024).build())
                  .build())
          .build();

  private static final Pattern TIMESTAMP =
      Pattern.compile("\\{\"seconds\": \\d+, \"microseconds\": \\d+\\}");

  /** Fuzzing for real: the session over {@code memory:} then runs for one input in 32 only. */
  private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;

  private static final Map<Thread, Throwable> UNCAUGHT = new ConcurrentHashMap<>();
  private static FakeQmpServer fake;
  private static TransportAddress address;

  @BeforeAll
  static void startFake() throws IOException {
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r);
          t.setDaemon(true);
          t.setUncaughtExceptionHandler(UNCAUGHT::put);
          return t;
        };
    fake =
        new FakeQmpServer()
            .jsonLimits(LIMITS)
            .threadFactory(threads)
            .commandLogCapacity(LOG_CAPACITY);
    fake.on("migrate-pause").returnsJson("{}").allowOob(true);
    fake.on("fuzz-fails").fails("GenericError", "scripted failure");
    fake.on("fuzz-event").replies(Reply.ok().withEventAfter("FUZZ", Map.of("n", 1)));
    address = fake.start();
  }

  @AfterAll
  static void stopFake() throws InterruptedException {
    if (fake != null) {
      Eventually.waitFor("every session to end", DEADLINE, () -> fake.openConnections() == 0);
      fake.close();
    }
  }

  @FuzzTest(maxDuration = "3h", maxExecutions = 1_000_000)
  void repliesAreQemuShapedAndTheParserRecovers(byte[] input) throws Exception {
    byte[] stream =
        concat(input.length > MAX_INPUT ? Arrays.copyOf(input, MAX_INPUT) : input, SENTINEL);
    Model model = Model.of(stream);
    assertFalse(model.frames.isEmpty(), "the parser read nothing, not even the last command");
    Expected last = model.frames.get(model.frames.size() - 1);
    JsonNode lastValue = last.value();
    assertTrue(
        lastValue != null && SENTINEL_ID.equals(lastValue.path("id").asString(null)),
        () -> "the parser did not recover at 0xFF: last frame " + last);
    int commandsBefore = fake.commandCount();
    List<String> direct = detachedSession(stream);
    assertTranscript(model, direct);
    if (!FUZZING || (Arrays.hashCode(input) & 31) == 0) {
      List<String> real = realSession(stream, model);
      assertEquals(
          withoutTimestamps(direct),
          withoutTimestamps(real),
          "a session over memory: answered otherwise than the detached one");
    }
    assertTrue(UNCAUGHT.isEmpty(), () -> "a thread of the fake died: " + UNCAUGHT);
    useRecordedCommands(fake.commandCount() - commandsBefore);
  }

  /**
   * Reads the bytes through the fake's codec and hands each frame to a session without a
   * connection, on this thread, until the end or an answered {@code quit}: what the fake sent, one
   * line per message.
   */
  private static List<String> detachedSession(byte[] stream) throws Exception {
    ServerState state = fake.state();
    fake.status("running");
    List<Frame> sent = new ArrayList<>();
    FakeSession session = FakeSession.detached(state, 0, sent::add);
    state.sessions.add(session);
    try {
      MessageReader<Frame> reader =
          new WireCodec(false, new DescriptorSource(), LIMITS)
              .newReader(new ByteArrayInputStream(stream));
      int frames = 0;
      for (Frame f; !session.quitting() && (f = reader.read()) != null; ) {
        assertTrue(++frames <= stream.length, "more frames than bytes");
        session.onMessage(f);
      }
    } finally {
      state.sessions.remove(session);
    }
    List<String> lines = new ArrayList<>();
    for (Frame f : sent) {
      String text = new String(WireCodec.bytes(f, false), StandardCharsets.US_ASCII);
      assertTrue(
          text.endsWith("\r\n") && text.indexOf('\n') == text.length() - 1,
          () -> "not one line ending in CR LF: " + text);
      lines.add(text.substring(0, text.length() - 2));
    }
    return lines;
  }

  /** Checks every message the fake sent against the frames it had to answer, in order. */
  private static void assertTranscript(Model model, List<String> lines) {
    int answered = 0;
    boolean quit = false;
    for (String line : lines) {
      assertFalse(quit, () -> "the fake spoke after quit: " + line);
      JsonNode message = parse(line);
      if (message.has("event")) {
        assertEvent(message);
        continue;
      }
      assertTrue(answered < model.frames.size(), () -> "a reply nobody asked for: " + line);
      Expected frame = model.frames.get(answered++);
      assertReply(frame, message);
      quit = frame.isQuit() && message.has("return");
    }
    if (!quit) {
      assertEquals(model.frames.size(), answered, "requests and parse errors left unanswered");
    }
  }

  /**
   * The same bytes to the fake over {@code memory:}, in pieces, reading the replies each piece is
   * due before the next: what the fake sent after its greeting, one line per message.
   */
  private static List<String> realSession(byte[] stream, Model model) throws Exception {
    // Sessions end a moment after their client leaves; more than one still open is a leak.
    Eventually.waitFor("sessions to end", DEADLINE, () -> fake.openConnections() <= 1);
    fake.status("running");
    List<String> lines = new ArrayList<>();
    boolean quit = false;
    try (Peer peer = Peer.connect(address)) {
      assertTrue(parse(peer.nextText()).has("QMP"), "the greeting comes first");
      int answered = 0;
      for (int from = 0; from < stream.length && !quit; from += CHUNK) {
        int to = Math.min(from + CHUNK, stream.length);
        peer.write(stream, from, to);
        for (int due = model.completedBy(to); answered < due && !quit; ) {
          String line = peer.nextText();
          lines.add(line);
          JsonNode message = parse(line);
          if (!message.has("event")) {
            Expected frame = model.frames.get(answered++);
            quit = frame.isQuit() && message.has("return");
          }
        }
      }
      if (quit) {
        peer.assertEnds();
      }
    }
    return lines;
  }

  private static List<String> withoutTimestamps(List<String> lines) {
    return lines.stream().map(l -> TIMESTAMP.matcher(l).replaceAll("TIMESTAMP")).toList();
  }

  // ------------------------------------------------------------------------------ the model

  /**
   * What the fake must answer: a parsed value or a parse error, and the length of the input that
   * completes it. (A class, not a record: Jazzer 0.24's instrumentation breaks this record's
   * constructor with a NoSuchFieldError.)
   */
  static final class Expected {
    private final @Nullable JsonNode value;
    private final @Nullable String error;
    private final int end;

    Expected(@Nullable JsonNode value, @Nullable String error, int end) {
      this.value = value;
      this.error = error;
      this.end = end;
    }

    @Nullable JsonNode value() {
      return value;
    }

    @Nullable String error() {
      return error;
    }

    int end() {
      return end;
    }

    boolean isQuit() {
      return value instanceof ObjectNode o && "quit".equals(o.path("execute").asString(null));
    }

    @Override
    public String toString() {
      return (value != null ? "value " + value : "error " + error) + " ending at " + end;
    }
  }

  /** The reference reading of the input, with the memory bounds checked after every byte. */
  static final class Model implements JsonStreamer.Sink {
    final List<Expected> frames = new ArrayList<>();
    private int position;

    static Model of(byte[] stream) {
      Model model = new Model();
      JsonStreamer streamer = new JsonStreamer(model, LIMITS);
      JsonLexer lexer = new JsonLexer(streamer, LIMITS.maxTokenSize());
      int bufferBound = 2 * (LIMITS.maxTokenSize() + 1);
      for (int i = 0; i < stream.length; i++) {
        model.position = i + 1;
        lexer.feed(stream, i, 1);
        if (lexer.bufferCapacity() > bufferBound
            || streamer.pendingBytes() > LIMITS.maxTokenSize()
            || streamer.pendingTokens() > LIMITS.maxTokenCount()) {
          fail(
              "unbounded at byte "
                  + i
                  + ": buffer "
                  + lexer.bufferCapacity()
                  + ", pending "
                  + streamer.pendingBytes()
                  + " bytes in "
                  + streamer.pendingTokens()
                  + " tokens");
        }
      }
      return model;
    }

    @Override
    public void value(JsonNode value) {
      Size size = Size.of(value, 1);
      assertTrue(
          size.bytes <= LIMITS.maxTokenSize()
              && size.tokens <= LIMITS.maxTokenCount()
              && size.depth <= LIMITS.maxNesting() + 1,
          () -> "a value past the limits was accepted: " + size);
      frames.add(new Expected(value, null, position));
    }

    @Override
    public void error(String desc) {
      assertFalse(desc.isEmpty(), "an empty error text");
      frames.add(new Expected(null, desc, position));
    }

    /** How many frames the first {@code length} bytes complete. */
    int completedBy(int length) {
      int n = 0;
      while (n < frames.size() && frames.get(n).end() <= length) {
        n++;
      }
      return n;
    }
  }

  /**
   * A lower bound of what a value took on the wire: its tokens' bytes (each string at least its
   * code points and quotes, each other token at least one byte), its tokens and its depth. (A
   * class, not a record, for the reason given at {@link Expected}.)
   */
  static final class Size {
    final long bytes;
    final long tokens;
    final int depth;

    Size(long bytes, long tokens, int depth) {
      this.bytes = bytes;
      this.tokens = tokens;
      this.depth = depth;
    }

    @Override
    public String toString() {
      return "at least " + bytes + " bytes, " + tokens + " tokens, depth " + depth;
    }

    static Size of(JsonNode node, int depth) {
      if (node.isObject() || node.isArray()) {
        long bytes = 2;
        long tokens = 2;
        int deepest = depth;
        int i = 0;
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          if (node.isObject()) {
            bytes += 2 + member.getKey().codePointCount(0, member.getKey().length()) + 1;
            tokens += 2;
          }
          Size inner = Size.of(member.getValue(), depth + 1);
          bytes += inner.bytes + (i > 0 ? 1 : 0);
          tokens += inner.tokens + (i > 0 ? 1 : 0);
          deepest = Math.max(deepest, inner.depth);
          i++;
        }
        if (node.isArray()) {
          for (JsonNode element : node.values()) {
            Size inner = Size.of(element, depth + 1);
            bytes += inner.bytes + (i > 0 ? 1 : 0);
            tokens += inner.tokens + (i > 0 ? 1 : 0);
            deepest = Math.max(deepest, inner.depth);
            i++;
          }
        }
        return new Size(bytes, tokens, deepest);
      }
      if (node.isString()) {
        String s = node.stringValue();
        return new Size(2 + s.codePointCount(0, s.length()), 1, depth);
      }
      return new Size(1, 1, depth);
    }
  }

  // ------------------------------------------------------------------------ the invariants

  private static void assertReply(Expected frame, JsonNode reply) {
    if (frame.error() != null) {
      assertEquals(error("GenericError", frame.error()), reply, () -> "for " + frame);
      return;
    }
    JsonNode value = frame.value();
    assertNotNull(value);
    if (!value.isObject()) {
      assertEquals(
          error("GenericError", "QMP input must be a JSON object"), reply, () -> "for " + frame);
      return;
    }
    JsonNode id = value.get("id");
    if (id == null) {
      assertFalse(reply.has("id"), () -> "an id nobody sent, for " + frame + ": " + reply);
    } else {
      assertEquals(asWritten(id), reply.get("id"), () -> "the id not echoed, for " + frame);
    }
    Set<String> members = new TreeSet<>(reply.propertyNames());
    members.remove("id");
    if (members.equals(Set.of("return"))) {
      return;
    }
    assertEquals(Set.of("error"), members, () -> "neither return nor error: " + reply);
    JsonNode error = reply.get("error");
    assertEquals(
        Set.of("class", "desc"), new TreeSet<>(error.propertyNames()), () -> "error " + reply);
    assertTrue(
        ERROR_CLASSES.contains(error.get("class").asString(null)), () -> "class of " + reply);
    assertTrue(
        error.get("desc").isString() && !error.get("desc").stringValue().isEmpty(),
        () -> "desc of " + reply);
  }

  private static JsonNode error(String errorClass, String desc) {
    ObjectNode error = JSON.createObjectNode().put("class", errorClass).put("desc", desc);
    ObjectNode reply = JSON.createObjectNode();
    reply.set("error", error);
    return reply;
  }

  /** The id as QEMU writes it back (its numbers as {@code %.17g}), read as the reply is read. */
  private static JsonNode asWritten(JsonNode id) {
    return parse(QemuJsonWriter.write(id, false));
  }

  private static void assertEvent(JsonNode event) {
    assertTrue(event.get("event").isString(), () -> "event name of " + event);
    JsonNode timestamp = event.path("timestamp");
    assertTrue(
        timestamp.path("seconds").isIntegralNumber()
            && timestamp.path("microseconds").isIntegralNumber(),
        () -> "timestamp of " + event);
    Set<String> members = new TreeSet<>(event.propertyNames());
    members.remove("data");
    assertEquals(Set.of("event", "timestamp"), members, () -> "members of " + event);
  }

  private static void useRecordedCommands(int recorded) throws InterruptedException {
    for (int i = 0; i < Math.min(recorded, LOG_CAPACITY); i++) {
      ReceivedCommand c;
      try {
        c = fake.takeCommand(Duration.ZERO);
      } catch (ProtocolTimeoutException e) {
        throw new AssertionError("a command counted but not recorded", e);
      }
      assertNotNull(c.request());
      c.arguments();
      c.id();
      c.descriptors();
      assertFalse(c.toString().isEmpty());
    }
  }

  // -------------------------------------------------------------------------- the client

  /** Reads the fake's output (non-pretty: one message per CR LF line, escapes for the rest). */
  static JsonNode parse(String text) {
    try {
      return JSON.readTree(unquotedInfinities(text));
    } catch (JacksonException e) {
      throw new AssertionError("the fake wrote what is no JSON message: " + text, e);
    }
  }

  /**
   * QEMU writes infinite numbers as C prints them ({@code inf}, {@code -inf}); for Jackson they
   * become strings, the same in a reply and in the expected id.
   */
  private static String unquotedInfinities(String text) {
    if (!text.contains("inf") && !text.contains("nan")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\') {
          out.append(text.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out.append(c);
      } else if (startsWord(text, i, "-inf") || startsWord(text, i, "-nan")) {
        out.append("\"~").append(text, i, i + 4).append('"');
        i += 3;
      } else if (startsWord(text, i, "inf") || startsWord(text, i, "nan")) {
        out.append("\"~").append(text, i, i + 3).append('"');
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean startsWord(String text, int at, String word) {
    int end = at + word.length();
    return text.startsWith(word, at)
        && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
  }

  /** One raw client connection over {@code memory:}, reading with a deadline. */
  static final class Peer implements AutoCloseable {
    private final TransportConnection connection;
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int length;
    private int next;

    private Peer(TransportConnection connection) throws IOException {
      this.connection = connection;
      this.in = connection.input();
      connection.capability(ReadTimeouts.class).orElseThrow().setReadTimeout(DEADLINE);
    }

    static Peer connect(TransportAddress address) throws IOException, InterruptedException {
      return new Peer(
          TransportRegistry.getDefault()
              .provider(address)
              .connect(address, TransportOptions.empty(), DEADLINE));
    }

    void write(byte[] bytes, int from, int to) {
      try {
        connection.output().write(bytes, from, to - from);
        connection.output().flush();
      } catch (IOException e) {
        // The fake closed (after quit, checked by the reads that follow, or by a bug: caught too).
      }
    }

    /** The next message; fails when the fake closes or says nothing for the deadline. */
    String nextText() throws IOException {
      String text = nextLine();
      if (text == null) {
        throw new AssertionError("the fake closed the connection although no quit was answered");
      }
      return text;
    }

    /** After an answered quit: the fake closes and says nothing more. */
    void assertEnds() throws IOException {
      String text = nextLine();
      if (text != null) {
        throw new AssertionError("the fake spoke after quit: " + text);
      }
    }

    private @Nullable String nextLine() throws IOException {
      line.reset();
      while (true) {
        if (next == length) {
          int n;
          try {
            n = in.read(buffer);
          } catch (SocketTimeoutException e) {
            throw new AssertionError("the fake hung: nothing for " + DEADLINE + threadDump(), e);
          } catch (IOException e) {
            n = -1; // closed
          }
          if (n < 0) {
            if (line.size() > 0) {
              throw new AssertionError("the fake closed in mid-message: " + line);
            }
            return null;
          }
          length = n;
          next = 0;
        }
        byte b = buffer[next++];
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : -1;
          assertTrue(end >= 0, "a line without CR LF");
          return new String(bytes, 0, end, StandardCharsets.US_ASCII);
        }
        line.write(b);
      }
    }

    @Override
    public void close() throws IOException {
      connection.close();
    }
  }

  private static String threadDump() {
    StringBuilder b = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, stack) -> {
              if (t.getName().startsWith("qmp4j-")) {
                b.append("\n\"").append(t.getName()).append("\" ").append(t.getState());
                for (StackTraceElement e : stack) {
                  b.append("\n    at ").append(e);
                }
              }
            });
    return b.toString();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
