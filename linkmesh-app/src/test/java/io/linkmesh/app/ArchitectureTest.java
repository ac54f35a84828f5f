package io.linkmesh.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import io.linkmesh.app.archfixture.embedder.ReachesIntoDomainInternals;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The dependency rule and the house rules, checked on the production classes of every module. */
class ArchitectureTest {
  static final List<String> ADAPTERS =
      List.of(
          "opamp",
          "alloy",
          "otlp",
          "store.fs",
          "store.git",
          "http",
          "web",
          "config.otelcol",
          "config.alloy");

  /** The adapters that speak a protocol to collectors or operators, and only that protocol. */
  static final List<String> PROTOCOL_ADAPTERS = List.of("opamp", "alloy", "otlp", "http", "web");

  static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.linkmesh");

  /** Generated protobuf code follows protoc's conventions, not ours. */
  static final DescribedPredicate<JavaClass> GENERATED =
      DescribedPredicate.describe(
          "generated protobuf code",
          c ->
              c.getPackageName().startsWith("io.linkmesh.wire.")
                  && c.getPackageName().endsWith(".proto"));

  /** Each adapter may use the domain and libraries, never another adapter. */
  static ArchRule adapterMustNotUseAdapter(String root, String adapter, String other) {
    return noClasses()
        .that()
        .resideInAPackage(root + "." + adapter + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + "." + other + "..")
        .as(adapter + " does not depend on " + other);
  }

  /**
   * A config language (parser, validator, extractor) is wired by the app into the domain's ports; a
   * protocol adapter that reached for one would tie a transport to a language.
   */
  static ArchRule protocolAdaptersMustNotUseConfigLanguages(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(
            PROTOCOL_ADAPTERS.stream().map(a -> root + "." + a + "..").toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".config..")
        .as("protocol adapters do not depend on a config language");
  }

  static void checkAdaptersIndependent(JavaClasses classes, String root, List<String> adapters) {
    for (String adapter : adapters) {
      for (String other : adapters) {
        if (!adapter.equals(other)
            && !other.startsWith(adapter + ".")
            && !adapter.startsWith(other + ".")) {
          adapterMustNotUseAdapter(root, adapter, other).allowEmptyShould(true).check(classes);
        }
      }
    }
  }

  @Test
  void theDomainUsesOnlyTheJdkJspecifyAndItself() {
    classes()
        .that()
        .resideInAPackage("io.linkmesh.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "org.jspecify..", "io.linkmesh.domain..")
        .check(PRODUCTION);
  }

  @Test
  void modulesHaveNoCycles() {
    slices()
        .matching("io.linkmesh.(*)..")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .check(PRODUCTION);
  }

  @Test
  void adaptersNeverDependOnEachOther() {
    checkAdaptersIndependent(PRODUCTION, "io.linkmesh", ADAPTERS);
  }

  @Test
  void protocolAdaptersNeverDependOnAConfigLanguage() {
    protocolAdaptersMustNotUseConfigLanguages("io.linkmesh").check(PRODUCTION);
  }

  @Test
  void configLanguagesUseOnlyTheDomainAndTheirOwnParsers() {
    classes()
        .that()
        .resideInAPackage("io.linkmesh.config.otelcol..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "org.jspecify..",
            "io.linkmesh.domain..",
            "io.linkmesh.config.otelcol..",
            "org.snakeyaml.engine..")
        .check(PRODUCTION);
    classes()
        .that()
        .resideInAPackage("io.linkmesh.config.alloy..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.jspecify..", "io.linkmesh.domain..", "io.linkmesh.config.alloy..")
        .check(PRODUCTION);
  }

  /**
   * What every Jetty handler shares (request bodies, per-client bounds) sits below the adapters:
   * they may use it, it uses nothing of ours, and neither the domain nor the stores use it.
   */
  @Test
  void theSharedJettyModuleDependsOnlyOnJettyAndIsUsedOnlyByAdaptersAndTheApp() {
    classes()
        .that()
        .resideInAPackage("io.linkmesh.jetty..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.jspecify..", "org.eclipse.jetty..", "io.linkmesh.jetty..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.linkmesh.domain..",
            "io.linkmesh.store..",
            "io.linkmesh.wire..",
            "io.linkmesh.sim..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.linkmesh.jetty..")
        .check(PRODUCTION);
  }

  /**
   * The firewall renderings are formats, not rules: they read the domain's firewall model and write
   * text with Jackson and snakeyaml-engine, and only the REST layer and the app use them.
   */
  @Test
  void theFirewallRenderersDependOnlyOnTheDomainAndTheirWritersAndOnlyHttpAndTheAppUseThem() {
    classes()
        .that()
        .resideInAPackage("io.linkmesh.firewall.render..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "org.jspecify..",
            "com.fasterxml.jackson..",
            "org.snakeyaml.engine..",
            "io.linkmesh.domain..",
            "io.linkmesh.firewall.render..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.linkmesh.firewall.render..", "io.linkmesh.http..", "io.linkmesh.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.linkmesh.firewall.render..")
        .check(PRODUCTION);
  }

  @Test
  void theWireHoldsOnlyMessagesAndDependsOnNoOtherModule() {
    classes()
        .that()
        .resideInAPackage("io.linkmesh.wire..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.jspecify..", "com.google.protobuf..", "io.linkmesh.wire..")
        .check(PRODUCTION);
  }

  /** The UI talks to the API from the browser: the handler serving it needs only Jetty. */
  @Test
  void theWebUiDependsOnlyOnJetty() {
    classes()
        .that()
        .resideInAPackage("io.linkmesh.web..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "org.jspecify..", "org.eclipse.jetty..", "io.linkmesh.web..")
        .check(PRODUCTION);
  }

  @Test
  void theSimulatorIsAClientThatSpeaksOnlyTheWire() {
    List<String> forbidden = new java.util.ArrayList<>();
    forbidden.add("io.linkmesh.domain..");
    for (String adapter : ADAPTERS) {
      forbidden.add("io.linkmesh." + adapter + "..");
    }
    noClasses()
        .that()
        .resideInAPackage("io.linkmesh.sim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden.toArray(new String[0]))
        .check(PRODUCTION);
  }

  @Test
  void onlyTheAppUsesTheApp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.linkmesh.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.linkmesh.app..")
        .check(PRODUCTION);
  }

  @Test
  void noModuleUsesAnotherModulesInternals() {
    for (String module :
        List.of(
            "domain",
            "firewall.render",
            "jetty",
            "opamp",
            "alloy",
            "otlp",
            "store.fs",
            "store.git",
            "http",
            "web",
            "config.otelcol",
            "config.alloy",
            "sim",
            "app",
            "bench")) {
      noOneOutsideUsesTheInternalsOf(module).check(PRODUCTION);
    }
  }

  /** Rule 4 for one module: its {@code internal} packages are for its own classes only. */
  static ArchRule noOneOutsideUsesTheInternalsOf(String module) {
    return noClasses()
        .that()
        .resideOutsideOfPackage("io.linkmesh." + module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.linkmesh." + module + "..internal..")
        .allowEmptyShould(true)
        .as("no class outside " + module + " uses " + module + "'s internals");
  }

  @Test
  void librariesStayInTheirRooms() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.linkmesh.store.git..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jgit..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.linkmesh.app.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideInAnyPackage("io.linkmesh.domain..", "io.linkmesh.store..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jetty..")
        .check(PRODUCTION);
  }

  @Test
  void everyPackageIsNullMarked() {
    classes()
        .that(DescribedPredicate.not(GENERATED))
        .should(
            new ArchCondition<JavaClass>("reside in a @NullMarked package") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                boolean marked = c.getPackage().isAnnotatedWith(NullMarked.class);
                if (!marked) {
                  events.add(
                      SimpleConditionEvent.violated(
                          c, c.getPackageName() + " has no @NullMarked package-info"));
                }
              }
            })
        .check(PRODUCTION);
  }

  @Test
  void noJulNoConsoleOutsideTheCliNoGenericExceptions() {
    GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(PRODUCTION);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.linkmesh.app.cli..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .check(PRODUCTION);
    noClasses()
        .that(DescribedPredicate.not(GENERATED))
        .should(GeneralCodingRules.THROW_GENERIC_EXCEPTIONS)
        .check(PRODUCTION);
  }

  @Test
  void outboundPortImplementationsAreNamedAfterTheirPort() {
    classes()
        .that()
        .resideOutsideOfPackage("io.linkmesh.domain..")
        .and()
        .areNotAnonymousClasses()
        .should(
            new ArchCondition<JavaClass>("end with the name of the outbound port they implement") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                for (JavaClass port : c.getAllRawInterfaces()) {
                  if (port.getPackageName().equals("io.linkmesh.domain.port.out")
                      && !c.getSimpleName().endsWith(port.getSimpleName())) {
                    events.add(
                        SimpleConditionEvent.violated(
                            c,
                            c.getName()
                                + " implements "
                                + port.getSimpleName()
                                + " but is not named *"
                                + port.getSimpleName()));
                  }
                }
              }
            })
        .check(PRODUCTION);
  }

  /** Shows that the rules bite, on fixture classes that break them. */
  @Nested
  class TheRulesBite {
    final JavaClasses fixture =
        new ClassFileImporter().importPackages("io.linkmesh.app.archfixture");

    @Test
    void anAdapterUsingAnotherAdapterFails() {
      assertThat(fixture.contain(io.linkmesh.app.archfixture.opamp.UsesAlloy.class)).isTrue();
      assertThatThrownBy(
              () ->
                  checkAdaptersIndependent(
                      fixture, "io.linkmesh.app.archfixture", List.of("opamp", "alloy")))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("opamp does not depend on alloy");
    }

    @Test
    void aProtocolAdapterUsingAConfigLanguageFails() {
      assertThat(fixture.contain(io.linkmesh.app.archfixture.alloy.UsesAlloyGrammar.class))
          .isTrue();
      assertThatThrownBy(
              () ->
                  protocolAdaptersMustNotUseConfigLanguages("io.linkmesh.app.archfixture")
                      .check(fixture))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("protocol adapters do not depend on a config language");
    }

    @Test
    void aClassReachingIntoADomainInternalPackageFails() {
      JavaClasses embedder =
          new ClassFileImporter().importClasses(ReachesIntoDomainInternals.class);

      assertThatThrownBy(() -> noOneOutsideUsesTheInternalsOf("domain").check(embedder))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("no class outside domain uses domain's internals")
          .hasMessageContaining(ReachesIntoDomainInternals.class.getName())
          .hasMessageContaining("io.linkmesh.domain.internal.StateWrite");
    }
  }
}
