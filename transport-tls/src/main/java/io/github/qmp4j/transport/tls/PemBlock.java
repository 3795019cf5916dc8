package io.github.qmp4j.transport.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code -----BEGIN TYPE----- ... -----END TYPE-----} block of a PEM file (RFC 7468), decoded.
 * Text outside blocks (openssl's "Bag Attributes", comments) is ignored, as openssl and GnuTLS do.
 */
final class PemBlock {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private final String type;
  private final boolean encrypted;
  private final byte[] der;

  private PemBlock(String type, boolean encrypted, byte[] der) {
    this.type = type;
    this.encrypted = encrypted;
    this.der = der;
  }

  /** Returns the label, e.g. {@code CERTIFICATE} or {@code PRIVATE KEY}. */
  String type() {
    return type;
  }

  /** Tells whether the block carries legacy {@code Proc-Type: 4,ENCRYPTED} headers. */
  boolean encrypted() {
    return encrypted;
  }

  /** Returns the decoded bytes (a copy). */
  byte[] der() {
    return der.clone();
  }

  /**
   * Finds and decodes every block.
   *
   * @param text the file's content
   * @return the blocks in file order, possibly empty
   * @throws IllegalArgumentException when a block's body is not Base64
   */
  static List<PemBlock> parse(String text) {
    List<PemBlock> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      boolean encrypted = false;
      StringBuilder base64 = new StringBuilder();
      for (String line : body.split("\\R", -1)) {
        if (line.contains(":")) {
          // RFC 1421 headers; the only ones that matter mark a legacy encrypted key.
          encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
        } else {
          base64.append(line.strip());
        }
      }
      blocks.add(
          new PemBlock(m.group(1), encrypted, Base64.getMimeDecoder().decode(base64.toString())));
    }
    return blocks;
  }
}
