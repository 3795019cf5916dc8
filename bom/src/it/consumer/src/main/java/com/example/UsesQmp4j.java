package com.example;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.protocol.ProtocolException;

/** Compiles only if the BOM brought qmp-client and qmp-fake-server with their dependencies. */
public final class UsesQmp4j {
  private UsesQmp4j() {}

  /** Names one type from each artifact and one from their shared dependency. */
  public static String names() {
    return QmpClient.class.getName()
        + FakeQmpServer.class.getName()
        + ProtocolException.class.getName();
  }
}
