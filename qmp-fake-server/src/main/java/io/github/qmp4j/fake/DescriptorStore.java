package io.github.qmp4j.fake;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The descriptors the fake holds, as QEMU's monitor does: those named by {@code getfd}, the fd sets
 * of {@code add-fd}, and every descriptor received, all closed when the server closes. The numbers
 * {@code add-fd} and {@code query-fdsets} report are the fake's own (from 100 up), since a client
 * cannot rely on QEMU's numbers either.
 */
final class DescriptorStore {
  private static final org.slf4j.Logger logger =
      org.slf4j.LoggerFactory.getLogger(DescriptorStore.class);

  /** One descriptor in an fd set. */
  private record Member(int fd, FileDescriptor descriptor, @Nullable String opaque) {}

  private final List<FileDescriptor> received = new ArrayList<>();
  private final Map<String, FileDescriptor> named = new HashMap<>();
  private final TreeMap<Long, List<Member>> fdsets = new TreeMap<>();
  private int nextNumber = 100;
  private boolean closed;

  /** Takes ownership of descriptors that arrived; closes them at once after {@link #closeAll}. */
  void adopt(List<FileDescriptor> descriptors) {
    synchronized (this) {
      if (!closed) {
        received.addAll(descriptors);
        return;
      }
    }
    descriptors.forEach(DescriptorStore::close);
  }

  /** {@code getfd}: names a descriptor, closing the one that had the name before. */
  void name(String name, FileDescriptor descriptor) {
    FileDescriptor old;
    synchronized (this) {
      old = named.put(name, descriptor);
    }
    if (old != null && old != descriptor) {
      close(old);
    }
  }

  /** {@code closefd}: closes a named descriptor; returns whether the name existed. */
  boolean closeNamed(String name) {
    FileDescriptor old;
    synchronized (this) {
      old = named.remove(name);
    }
    if (old == null) {
      return false;
    }
    close(old);
    return true;
  }

  synchronized Optional<FileDescriptor> named(String name) {
    return Optional.ofNullable(named.get(name));
  }

  /** {@code add-fd}: adds to a set (the lowest free id when none is given); returns AddfdInfo. */
  synchronized ObjectNode addToFdset(
      @Nullable Long fdsetId, FileDescriptor descriptor, @Nullable String opaque) {
    long id;
    if (fdsetId != null) {
      id = fdsetId;
    } else {
      id = 0;
      while (fdsets.containsKey(id)) {
        id++;
      }
    }
    int number = nextNumber++;
    fdsets.computeIfAbsent(id, k -> new ArrayList<>()).add(new Member(number, descriptor, opaque));
    ObjectNode info = Json.NODES.objectNode();
    info.put("fdset-id", id);
    info.put("fd", number);
    return info;
  }

  /** {@code remove-fd}: returns QEMU's complaint, or {@code null} when something was removed. */
  @Nullable String remove(long fdsetId, @Nullable Long fd) {
    List<Member> gone = new ArrayList<>();
    synchronized (this) {
      List<Member> set = fdsets.get(fdsetId);
      if (set != null) {
        for (Member m : set) {
          if (fd == null || m.fd() == fd) {
            gone.add(m);
          }
        }
        set.removeAll(gone);
        if (set.isEmpty()) {
          fdsets.remove(fdsetId);
        }
      }
    }
    if (gone.isEmpty()) {
      String what = fd == null ? "fdset-id:" + fdsetId : "fdset-id:" + fdsetId + ", fd:" + fd;
      return "File descriptor named '" + what + "' not found";
    }
    gone.forEach(m -> close(m.descriptor()));
    return null;
  }

  /** {@code query-fdsets}: sets by descending id, members in the order added (as QEMU lists). */
  synchronized ArrayNode query() {
    ArrayNode list = Json.NODES.arrayNode();
    for (Map.Entry<Long, List<Member>> set : fdsets.descendingMap().entrySet()) {
      ArrayNode fds = Json.NODES.arrayNode();
      for (Member m : set.getValue()) {
        ObjectNode fd = Json.NODES.objectNode();
        fd.put("fd", m.fd());
        if (m.opaque() != null) {
          fd.put("opaque", m.opaque());
        }
        fds.add(fd);
      }
      ObjectNode info = Json.NODES.objectNode();
      info.put("fdset-id", set.getKey());
      info.set("fds", fds);
      list.add(info);
    }
    return list;
  }

  /** Drops every fd set, as QEMU does when the last monitor client leaves a running VM. */
  void clearFdsets() {
    List<Member> gone = new ArrayList<>();
    synchronized (this) {
      fdsets.values().forEach(gone::addAll);
      fdsets.clear();
    }
    gone.forEach(m -> close(m.descriptor()));
  }

  /** Closes everything held; later arrivals are closed on arrival. */
  void closeAll() {
    List<FileDescriptor> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(received);
      all.addAll(named.values());
      fdsets.values().forEach(set -> set.forEach(m -> all.add(m.descriptor())));
      received.clear();
      named.clear();
      fdsets.clear();
    }
    all.forEach(DescriptorStore::close);
  }

  /** Closes a descriptor through a stream: the JDK's only way to close a bare descriptor. */
  static void close(FileDescriptor descriptor) {
    if (!descriptor.valid()) {
      return;
    }
    try {
      new FileInputStream(descriptor).close();
    } catch (IOException e) {
      logger.debug("Closing a received descriptor failed: {}", e.toString());
    }
  }
}
