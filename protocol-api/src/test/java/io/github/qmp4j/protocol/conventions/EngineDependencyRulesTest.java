package io.github.qmp4j.protocol.conventions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The architecture's first dependency rule: protocol-api knows no QMP, no JSON library and no
 * concrete socket transport. Module descriptors cannot say "depends on nothing else", so this does.
 */
class EngineDependencyRulesTest {
  private static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.qmp4j.protocol");

  @Test
  void engineUsesOnlyTheJdkSlf4jAndJspecify() {
    classes()
        .that()
        .resideInAPackage("io.github.qmp4j.protocol..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.github.qmp4j.protocol..", "java..", "javax..", "org.slf4j..", "org.jspecify..")
        .check(ENGINE);
  }

  @Test
  void publicApiDoesNotDependOnInternals() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.github.qmp4j.protocol.codec..", "io.github.qmp4j.protocol.transport")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.github.qmp4j.protocol.internal..")
        .check(ENGINE);
  }
}
