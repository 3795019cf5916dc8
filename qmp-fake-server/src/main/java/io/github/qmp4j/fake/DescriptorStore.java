package io.github.qmp4j.fake;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
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
 * The descriptors the fake keeps beyond a session, as QEMU's monitor does: those named by {@code
 * getfd} and the fd sets of {@code add-fd}, all closed when the server closes (a descriptor handed
 * in after that is closed at once). Descriptors no command took belong to their session ({@link
 * io.github.qmp4j.fake.internal.DescriptorSource}) and close with it. The numbers {@code add-fd}
 * and {@code query-fdsets} report are the fake's own (from 100 up), since a client cannot rely on
 * QEMU's numbers either.
 */
final class DescriptorStore {
  /** One descriptor in an fd set. */
  private record Member(int fd, FileDescriptor descriptor, @Nullable String opaque) {}

  private final Map<String, FileDescriptor> named = new HashMap<>();
  private final TreeMap<Long, List<Member>> fdsets = new TreeMap<>();
  private int nextNumber = 100;
  private boolean closed;

  /**
   * {@code getfd}: names a descriptor the caller owns (and hands over), closing the one that had
   * the name before.
   */
  void name(String name, FileDescriptor descriptor) {
    FileDescriptor gone;
    synchronized (this) {
      gone = closed ? descriptor : named.put(name, descriptor);
    }
    if (gone != null) {
      FileDescriptorPassing.close(gone);
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
    FileDescriptorPassing.close(old);
    return true;
  }

  synchronized Optional<FileDescriptor> named(String name) {
    return Optional.ofNullable(named.get(name));
  }

  /**
   * {@code add-fd}: adds a descriptor the caller owns (and hands over) to a set (the lowest free id
   * when none is given); returns AddfdInfo.
   */
  ObjectNode addToFdset(
      @Nullable Long fdsetId, FileDescriptor descriptor, @Nullable String opaque) {
    synchronized (this) {
      if (!closed) {
        return add(fdsetId, descriptor, opaque);
      }
    }
    FileDescriptorPassing.close(descriptor); // the server is closing: the reply goes nowhere
    return Json.NODES.objectNode();
  }

  private ObjectNode add(
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
    gone.forEach(m -> FileDescriptorPassing.close(m.descriptor()));
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
    gone.forEach(m -> FileDescriptorPassing.close(m.descriptor()));
  }

  /** Closes everything held; descriptors handed in later are closed at once. */
  void closeAll() {
    List<FileDescriptor> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(named.values());
      fdsets.values().forEach(set -> set.forEach(m -> all.add(m.descriptor())));
      named.clear();
      fdsets.clear();
    }
    all.forEach(FileDescriptorPassing::close);
  }
}
