package io.github.qmp4j.fake.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who owns a received descriptor, on real descriptors: the session until a command claims it; a
 * claim after the session closed fails (a {@code getfd} still running when its client left); what
 * arrives after the close is closed at once; each is closed exactly once.
 */
class DescriptorSourceTest {
  @TempDir Path dir;
  private final List<FileInputStream> streams = new ArrayList<>();
  private final Inbox inbox = new Inbox();
  private final DescriptorSource source = new DescriptorSource();

  /** A connection's received descriptors, handed over as the transport does. */
  private static final class Inbox implements FileDescriptorPassing {
    final List<FileDescriptor> pending = new ArrayList<>();

    @Override
    public void attachToNextWrite(List<FileDescriptor> descriptors) {
      throw new UnsupportedOperationException("receives only");
    }

    @Override
    public List<FileDescriptor> takeReceived() {
      List<FileDescriptor> taken = List.copyOf(pending);
      pending.clear();
      return taken;
    }
  }

  @BeforeEach
  void bind() {
    source.bind(inbox);
  }

  @AfterEach
  void closeStreams() throws IOException {
    for (FileInputStream in : streams) {
      in.close();
    }
  }

  private FileDescriptor open() throws IOException {
    Path file = Files.writeString(dir.resolve("f" + streams.size()), "x");
    FileInputStream in = new FileInputStream(file.toFile());
    streams.add(in);
    return in.getFD();
  }

  @Test
  void aClaimedDescriptorIsTheClaimersAndTheRestCloseWithTheSession() throws IOException {
    FileDescriptor taken = open();
    FileDescriptor unused = open();
    inbox.pending.addAll(List.of(taken, unused));
    assertEquals(List.of(taken, unused), source.take());
    assertEquals(2, source.heldCount());
    assertTrue(source.claim(taken));
    assertFalse(source.claim(taken), "claimed once");
    source.closeAll();
    assertTrue(taken.valid(), "the claimer closes it");
    assertFalse(unused.valid());
    assertEquals(0, source.heldCount());
    source.closeAll(); // idempotent
  }

  @Test
  void afterTheSessionClosedNothingIsClaimedAndArrivalsCloseAtOnce() throws IOException {
    FileDescriptor early = open();
    inbox.pending.add(early);
    source.take();
    source.closeAll();
    assertFalse(early.valid());
    assertFalse(source.claim(early), "a getfd that comes too late gets nothing");
    FileDescriptor late = open();
    inbox.pending.add(late);
    assertTrue(source.take().isEmpty());
    assertFalse(late.valid(), "closed on arrival");
  }

  @Test
  void closeNowClosesARefusedDescriptorOnce() throws IOException {
    FileDescriptor refused = open();
    inbox.pending.add(refused);
    source.take();
    source.closeNow(refused);
    assertFalse(refused.valid());
    assertEquals(0, source.heldCount(), "the session no longer holds it");
    assertFalse(source.claim(refused));
  }

  @Test
  void anUnboundSourceYieldsNothing() {
    assertTrue(new DescriptorSource().take().isEmpty());
  }
}
