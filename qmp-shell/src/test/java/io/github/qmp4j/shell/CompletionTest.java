package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.fake.FakeQmpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Tab completion at the level of JLine's {@code Completer}, and where its data comes from. */
class CompletionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final AtomicBoolean inTransaction = new AtomicBoolean();
  private final CompletionData data = new CompletionData();
  private final QmpCompleter completer = new QmpCompleter(data, inTransaction::get);

  CompletionTest() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("nested-schema.json")) {
      data.schema(SchemaIndex.of(JsonMapper.builder().build().readTree(in)))
          .commands(List.of("block-dirty-bitmap-add", "blockdev-add", "query-status"));
    }
  }

  /** Completes at the end of {@code line} through JLine's parser and the Completer interface. */
  private List<String> complete(String line) throws Exception {
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(
                new DumbTerminal(
                    new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()))
            .build();
    ParsedLine parsed = new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE);
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(reader, parsed, candidates);
    return candidates.stream().map(Candidate::value).toList();
  }

  @Test
  void theFirstWordIsACommandName() throws Exception {
    assertEquals(
        List.of("block-dirty-bitmap-add", "blockdev-add", "query-status", "transaction("),
        complete(""));
    assertEquals(
        List.of("block-dirty-bitmap-add", "blockdev-add", "query-status", "transaction("),
        complete("blo"),
        "JLine filters by prefix; the completer offers every name");
  }

  @Test
  void laterWordsAreArgumentNamesFromTheSchemaVariantsIncluded() throws Exception {
    assertEquals(
        List.of("driver=", "node-name=", "cache=", "cache.", "filename=", "size="),
        complete("blockdev-add "));
  }

  @Test
  void argumentCandidatesDoNotEndTheWord() throws Exception {
    ParsedLine parsed = new DefaultParser().parse("blockdev-add dri", 16, ParseContext.COMPLETE);
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(null, parsed, candidates);
    Candidate driver =
        candidates.stream().filter(c -> c.value().equals("driver=")).findFirst().orElseThrow();
    assertFalse(driver.complete(), "no space after 'driver='");
  }

  @Test
  void dottedKeysCompleteLevelByLevel() throws Exception {
    assertEquals(List.of("cache.direct=", "cache.no-flush="), complete("blockdev-add cache."));
    assertEquals(List.of("cache.direct=", "cache.no-flush="), complete("blockdev-add cache.d"));
  }

  @Test
  void argumentsAlreadyGivenAreNotOfferedAgain() throws Exception {
    List<String> offered = complete("blockdev-add driver=file cache.direct=true ");
    assertFalse(offered.contains("driver="), offered.toString());
    assertTrue(offered.contains("node-name="), offered.toString());
    assertEquals(List.of("cache.no-flush="), complete("blockdev-add cache.direct=on cache."));
  }

  @Test
  void valuesAndUnknownCommandsGetNothing() throws Exception {
    assertEquals(List.of(), complete("blockdev-add driver="));
    assertEquals(List.of(), complete("no-such-command "));
    assertEquals(List.of(), complete("query-status "));
  }

  @Test
  void insideATransactionBothActionsAndTheirArgumentsAreOffered() throws Exception {
    inTransaction.set(true);
    List<String> offered = complete("block-dirty-bitmap-add ");
    assertTrue(offered.containsAll(List.of("node=", "name=")), offered.toString());
    assertTrue(offered.contains("blockdev-add"), "a new action: " + offered);
    inTransaction.set(false);
    List<String> oneLine = complete("transaction( block-dirty-bitmap-add node=d0 ");
    assertTrue(oneLine.contains("name="), oneLine.toString());
    assertFalse(oneLine.contains("node="), oneLine.toString());
  }

  @Test
  void theEmbeddedFakeFeedsCommandsAndArguments() throws Exception {
    try (FakeQmpServer fake = EmbeddedFake.create();
        QmpClient client = QmpClient.builder().build()) {
      client.connect(fake.start().toString());
      CompletionData loaded = new CompletionData();
      CompletionLoader.loadQmp(client, loaded, TIMEOUT);
      assertTrue(
          loaded.commands().containsAll(List.of("query-status", "human-monitor-command", "quit")),
          loaded.commands().toString());
      QmpCompleter fromFake = new QmpCompleter(loaded, () -> false);
      assertEquals(
          List.of("command-line=", "cpu-index="),
          fromFake.candidates(List.of("human-monitor-command"), "").stream()
              .map(Candidate::value)
              .toList());
    }
  }

  @Test
  void aServerWithoutSchemaStillCompletesCommandNames() throws Exception {
    try (FakeQmpServer fake = new FakeQmpServer();
        QmpClient client = QmpClient.builder().build()) {
      client.connect(fake.start().toString());
      CompletionData loaded = new CompletionData();
      CompletionLoader.loadQmp(client, loaded, TIMEOUT);
      assertTrue(loaded.commands().contains("query-status"), loaded.commands().toString());
      assertEquals(List.of(), loaded.schema().members("human-monitor-command", List.of()));
    }
  }

  @Test
  void hmpNamesComeFromHelpAndInfo() {
    String help =
        String.join(
            "\r\n",
            "announce_self [interfaces] [id] -- Trigger GARP/RARP announcements",
            "c|cont  -- resume emulation",
            "info [subcommand] -- show various information about the system state",
            "q|quit  -- quit the emulator",
            "");
    assertEquals(
        List.of("announce_self", "cont", "info", "quit"), CompletionLoader.hmpNames(help, 0));
    String info =
        String.join(
            "\r\n",
            "info balloon  -- show balloon information",
            "info block [-n] [-v] [device] -- show info of one block device or all block devices",
            "");
    assertEquals(List.of("balloon", "block"), CompletionLoader.hmpNames(info, 1));
    assertEquals(List.of(), CompletionLoader.hmpNames("unknown command: 'help'\r\n", 0));
  }

  @Test
  void hmpCompletion() throws Exception {
    CompletionData hmp =
        new CompletionData().commands(List.of("cont", "info", "stop")).infoTopics(List.of("block"));
    HmpCompleter c = new HmpCompleter(hmp);
    assertEquals(List.of("cont", "info", "stop"), hmpComplete(c, ""));
    assertEquals(List.of("block"), hmpComplete(c, "info "));
    assertEquals(List.of("cont", "info", "stop"), hmpComplete(c, "help "));
    assertEquals(List.of(), hmpComplete(c, "stop "));
  }

  private static List<String> hmpComplete(HmpCompleter c, String line) {
    ParsedLine parsed = new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE);
    List<Candidate> candidates = new ArrayList<>();
    c.complete(null, parsed, candidates);
    return candidates.stream().map(Candidate::value).toList();
  }

  @Test
  void schemaIndexIgnoresWhatItDoesNotUnderstand() {
    SchemaIndex index =
        SchemaIndex.of(
            JsonMapper.builder()
                .build()
                .readTree(
                    """
                    [{"meta-type": "command"}, {"name": "c", "meta-type": "command"}, 5,
                     {"name": "o", "meta-type": "object"}]
                    """));
    assertEquals(List.of(), index.members("c", List.of()));
  }
}
