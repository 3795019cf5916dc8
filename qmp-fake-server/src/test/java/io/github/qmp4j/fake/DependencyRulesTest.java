package io.github.qmp4j.fake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The architecture's rules for the fake: transports only through the engine's registry (never a
 * transport module), no QMP client, and the wire machinery independent of the API above it.
 */
class DependencyRulesTest {
  private static final JavaClasses FAKE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.qmp4j.fake");

  @Test
  void noTransportModuleNoClientNoShell() {
    noClasses()
        .that()
        .resideInAPackage("io.github.qmp4j.fake..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.github.qmp4j.transport..", "io.github.qmp4j.client..", "io.github.qmp4j.shell..")
        .check(FAKE);
  }

  @Test
  void wireMachineryDoesNotKnowTheApi() {
    noClasses()
        .that()
        .resideInAPackage("io.github.qmp4j.fake.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.github.qmp4j.fake", "io.github.qmp4j.fake.junit")
        .check(FAKE);
  }

  @Test
  void onlyTheExtensionKnowsJunit() {
    noClasses()
        .that()
        .resideInAnyPackage("io.github.qmp4j.fake", "io.github.qmp4j.fake.internal")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.junit..")
        .check(FAKE);
  }
}
