package io.github.qmp4j.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The client finds transports through the registry and never knows a concrete one or the fake. */
class DependencyRulesTest {
  private static JavaClasses mainClasses() throws Exception {
    Path classes =
        Path.of(QmpClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPath(classes);
  }

  @Test
  void theClientDependsOnNoTransportFakeOrShell() throws Exception {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.github.qmp4j.transport..", "io.github.qmp4j.fake..", "io.github.qmp4j.shell..")
        .check(mainClasses());
  }
}
