package io.github.qmp4j.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Prints {@code qmp4j VERSION} for {@code --version}, from the version Maven built. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"qmp4j " + version()};
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "(unknown version)";
    }
    return p.getProperty("version", "(unknown version)");
  }
}
