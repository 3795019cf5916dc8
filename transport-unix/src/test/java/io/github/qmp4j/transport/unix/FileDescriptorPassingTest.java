package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** File-descriptor passing between two connections of this transport, both ways. */
class FileDescriptorPassingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ShortTempDirs dirs = new ShortTempDirs();

  @AfterEach
  void removeDirs() throws IOException {
    dirs.deleteAll();
  }

  private Path fileWith(String content) throws IOException {
    Path file = Files.createTempFile(dirs.newDir(), "f", ".txt");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static void send(TransportConnection from, String bytes, List<FileDescriptor> fds)
      throws IOException {
    UnixPair.passing(from).attachToNextWrite(fds);
    from.output().write(bytes.getBytes(StandardCharsets.UTF_8));
  }

  private static String readThrough(FileDescriptor fd, int n) throws IOException {
    // Not closed here: closing this stream would close the descriptor under test.
    @SuppressWarnings("resource")
    FileInputStream in = new FileInputStream(fd);
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  @Test
  void bothEndsOfferTheCapability() throws Exception {
    try (UnixPair pair = UnixPair.open(dirs)) {
      assertTrue(pair.client().supports(FileDescriptorPassing.class));
      assertTrue(pair.server().supports(FileDescriptorPassing.class));
    }
  }

  @Test
  void aPassedDescriptorSharesTheSendersOpenFileInBothDirections() throws Exception {
    try (UnixPair pair = UnixPair.open(dirs)) {
      for (boolean clientSends : new boolean[] {true, false}) {
        TransportConnection sender = clientSends ? pair.client() : pair.server();
        TransportConnection receiver = clientSends ? pair.server() : pair.client();
        Path file = fileWith("hello world");
        try (FileInputStream original = new FileInputStream(file.toFile())) {
          send(sender, "x", List.of(original.getFD()));
          assertEquals('x', receiver.input().read());
          List<FileDescriptor> received = UnixPair.passing(receiver).takeReceived();
          assertEquals(1, received.size());
          assertEquals("hello", readThrough(received.get(0), 5));
          // Same open file description, not a reopened file: the sender's offset moved too.
          assertEquals(5, original.getChannel().position());
          FileDescriptorPassing.close(received.get(0));
        }
      }
    }
  }

  @Test
  void descriptorsTravelWithExactlyTheNextWriteInArrivalOrder() throws Exception {
    Path first = fileWith("first");
    Path second = fileWith("second");
    Path third = fileWith("third");
    try (UnixPair pair = UnixPair.open(dirs);
        FileInputStream a = new FileInputStream(first.toFile());
        FileInputStream b = new FileInputStream(second.toFile());
        FileInputStream c = new FileInputStream(third.toFile())) {
      send(pair.client(), "A", List.of(a.getFD()));
      pair.client().output().write('B');
      send(pair.client(), "C", List.of(b.getFD(), c.getFD()));

      FileDescriptorPassing inbox = UnixPair.passing(pair.server());
      assertEquals('A', pair.server().input().read());
      List<FileDescriptor> withA = inbox.takeReceived();
      assertEquals('B', pair.server().input().read());
      List<FileDescriptor> withB = inbox.takeReceived();
      assertEquals('C', pair.server().input().read());
      List<FileDescriptor> withC = inbox.takeReceived();

      assertEquals(1, withA.size());
      assertEquals("first", readThrough(withA.get(0), 5));
      assertEquals(List.of(), withB);
      assertEquals(2, withC.size());
      assertEquals("second", readThrough(withC.get(0), 6));
      assertEquals("third", readThrough(withC.get(1), 5));
      Descriptors.closeAll(withA);
      Descriptors.closeAll(withC);
    }
  }

  @Test
  void asManyDescriptorsAsTheReceiverHoldsArriveWithOneMessage() throws Exception {
    Path file = fileWith("many");
    int n = UnixTransportProvider.MAX_DESCRIPTORS_PER_MESSAGE;
    try (UnixPair pair = UnixPair.open(dirs);
        FileInputStream original = new FileInputStream(file.toFile())) {
      send(pair.client(), "m", Collections.nCopies(n, original.getFD()));
      assertEquals('m', pair.server().input().read());
      List<FileDescriptor> received = UnixPair.passing(pair.server()).takeReceived();
      assertEquals(n, received.size());
      assertEquals(1 + n, OpenDescriptors.referringTo(file));
      Descriptors.closeAll(received);
      assertEquals(1, OpenDescriptors.referringTo(file));
    }
  }

  @Test
  void takenDescriptorsOutliveTheConnection() throws Exception {
    Path file = fileWith("still readable");
    FileDescriptor taken;
    try (UnixPair pair = UnixPair.open(dirs);
        FileInputStream original = new FileInputStream(file.toFile())) {
      send(pair.client(), "x", List.of(original.getFD()));
      assertEquals('x', pair.server().input().read());
      taken = UnixPair.passing(pair.server()).takeReceived().get(0);
    }
    assertTrue(taken.valid());
    assertEquals("still readable", readThrough(taken, 14));
    FileDescriptorPassing.close(taken);
    assertEquals(0, OpenDescriptors.referringTo(file));
  }

  @Test
  void descriptorsNobodyTookAreClosedWithTheConnection() throws Exception {
    Path file = fileWith("leak check");
    try (UnixPair pair = UnixPair.open(dirs);
        FileInputStream original = new FileInputStream(file.toFile())) {
      assertEquals(1, OpenDescriptors.referringTo(file));
      send(pair.client(), "x", List.of(original.getFD(), original.getFD()));
      assertEquals('x', pair.server().input().read());
      assertEquals(3, OpenDescriptors.referringTo(file), "two arrived in this process");

      pair.server().close();

      assertEquals(1, OpenDescriptors.referringTo(file), "only the sender's own is left");
    }
    assertEquals(0, OpenDescriptors.referringTo(file));
  }

  @Test
  void attachingAClosedDescriptorFailsAndSendsNothing() throws Exception {
    Path file = fileWith("closed");
    FileDescriptor closed;
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      closed = in.getFD();
    }
    try (UnixPair pair = UnixPair.open(dirs)) {
      FileDescriptorPassing passing = UnixPair.passing(pair.client());
      assertThrows(IOException.class, () -> passing.attachToNextWrite(List.of(closed)));
      pair.client().output().write('y');
      assertEquals('y', pair.server().input().read());
      assertEquals(List.of(), UnixPair.passing(pair.server()).takeReceived());
    }
  }

  @Test
  void anEngineSessionSendsADescriptorWithItsMessage() throws Exception {
    Path file = fileWith("via the engine");
    LineProtocol server = new LineProtocol(config("fd-server"), null, false);
    LineProtocol client = new LineProtocol(config("fd-client"), null, false);
    TransportAddress address =
        server.startServer(TransportAddress.parse("unix:" + dirs.newDir().resolve("e.sock")));
    CompletableFuture<Void> accepted =
        CompletableFuture.runAsync(
            () -> {
              try {
                server.accept(TIMEOUT);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    // Both sessions end in finally, even when accepting failed: a client left connected would keep
    // its reader waiting into later tests.
    try (FileInputStream original = new FileInputStream(file.toFile())) {
      client.connect(address, TIMEOUT);
      accepted.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      client.sendLine("here is a file", List.of(original.getFD()));
      assertEquals("here is a file", server.take(TIMEOUT));
      List<FileDescriptor> received = server.received();
      assertEquals(1, received.size());
      assertEquals("via the engine", readThrough(received.get(0), 14));
      Descriptors.closeAll(received);
    } finally {
      client.disconnect();
      try {
        server.disconnect();
      } catch (io.github.qmp4j.protocol.SessionException expected) {
        // the client hung up first; the server's session ended with that
      }
    }
    Eventually.noEngineThreads();
  }

  private static ProtocolConfig config(String name) {
    return ProtocolConfig.builder().name(name).build();
  }
}
