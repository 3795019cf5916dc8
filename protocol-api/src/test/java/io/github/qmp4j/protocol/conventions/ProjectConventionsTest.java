package io.github.qmp4j.protocol.conventions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * House rules checked over the whole repository's sources (this module is built first, so a broken
 * rule fails fast): every public type has Javadoc, every jar module has a module-info, and each
 * transport registration in module-info agrees with its META-INF/services file.
 */
class ProjectConventionsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^\\s*public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
              + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");
  private static final Pattern PROVIDES =
      Pattern.compile("provides\\s+([\\w.]+)\\s+with\\s+([\\w.,\\s]+);");

  private static List<Path> mainSourceRoots() throws IOException {
    List<Path> roots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.sorted().toList()) {
        Path src = module.resolve("src/main/java");
        if (Files.isDirectory(src)) {
          roots.add(src);
        }
      }
    }
    return roots;
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void everyPublicTypeHasJavadoc() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path root : mainSourceRoots()) {
      for (Path file : javaFiles(root)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = PUBLIC_TYPE.matcher(lines.get(i));
          if (m.find() && !javadocAbove(lines, i)) {
            missing.add(ROOT.relativize(file) + ":" + (i + 1) + " " + m.group(1));
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "public types without Javadoc:\n" + String.join("\n", missing));
  }

  /** Walks up over annotations and blank lines; the comment above must be a Javadoc comment. */
  private static boolean javadocAbove(List<String> lines, int declaration) {
    int i = declaration - 1;
    while (i >= 0 && (lines.get(i).isBlank() || lines.get(i).strip().startsWith("@"))) {
      i--;
    }
    if (i < 0 || !lines.get(i).strip().endsWith("*/")) {
      return false;
    }
    while (i >= 0 && !lines.get(i).contains("/*")) {
      i--;
    }
    return i >= 0 && lines.get(i).contains("/**");
  }

  @Test
  void everyJarModuleHasAModuleDescriptor() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path root : mainSourceRoots()) {
      if (!Files.exists(root.resolve("module-info.java")) && !javaFiles(root).isEmpty()) {
        missing.add(ROOT.relativize(root).toString());
      }
    }
    assertTrue(missing.isEmpty(), "modules without module-info.java: " + missing);
  }

  @Test
  void moduleProvidesAgreeWithServiceFiles() throws IOException {
    int checked = 0;
    for (Path root : mainSourceRoots()) {
      Path descriptor = root.resolve("module-info.java");
      if (!Files.exists(descriptor)) {
        continue;
      }
      String source = Files.readString(descriptor, StandardCharsets.UTF_8);
      Matcher m = PROVIDES.matcher(source);
      Set<String> services = new TreeSet<>();
      while (m.find()) {
        String service = m.group(1);
        services.add(service);
        Set<String> declared = new TreeSet<>();
        for (String impl : m.group(2).split(",", -1)) {
          declared.add(impl.strip());
        }
        Path file = root.resolveSibling("resources/META-INF/services/" + service);
        assertTrue(
            Files.exists(file), "module-info provides " + service + " but " + file + " is missing");
        Set<String> registered = new TreeSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String entry = line.replaceAll("#.*", "").strip();
          if (!entry.isEmpty()) {
            registered.add(entry);
          }
        }
        assertEquals(declared, registered, "module-info and " + ROOT.relativize(file) + " differ");
        checked++;
      }
      Path servicesDir = root.resolveSibling("resources/META-INF/services");
      if (Files.isDirectory(servicesDir)) {
        try (Stream<Path> files = Files.list(servicesDir)) {
          for (Path f : files.toList()) {
            assertTrue(
                services.contains(f.getFileName().toString()),
                ROOT.relativize(f)
                    + " has no matching 'provides' in "
                    + ROOT.relativize(descriptor));
          }
        }
      }
    }
    assertTrue(checked >= 2, "expected at least the memory and tcp transports, checked " + checked);
  }
}
