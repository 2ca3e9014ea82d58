package com.ltvforecast.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain stays testable without AWS or libtorch: SDK and DJL types stay in adapters and the model. */
@AnalyzeClasses(packages = "com.ltvforecast", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

  private static final String[] DOMAIN = {
      "com.ltvforecast.transactions..", "com.ltvforecast.curated..", "com.ltvforecast.features..",
      "com.ltvforecast.btyd..", "com.ltvforecast.evaluation..", "com.ltvforecast.config..",
      "com.ltvforecast.drift.."};

  @ArchTest
  static final ArchRule domainIsFreeOfAwsSdk = noClasses().that().resideInAnyPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
      .allowEmptyShould(true);

  @ArchTest
  static final ArchRule domainIsFreeOfDjl = noClasses().that().resideInAnyPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
      .allowEmptyShould(true);

  /** What the API serves with reaches no DJL class, directly or through anything it uses (predict ships without DJL). */
  @ArchTest
  static final ArchRule plainScoringNeverReachesDjl = noClasses().that()
      .resideInAPackage("com.ltvforecast.forward..")
      .or().haveFullyQualifiedName("com.ltvforecast.forecast.PlainForecasters")
      .or().haveFullyQualifiedName("com.ltvforecast.forecast.PlainNetworkForecaster")
      .or().haveFullyQualifiedName("com.ltvforecast.serving.ServingModel")
      .should().transitivelyDependOnClassesThat().resideInAnyPackage("ai.djl..");

  @ArchTest
  static final ArchRule onlyTheModelPackageTouchesDjl = noClasses().that()
      .resideOutsideOfPackage("com.ltvforecast.model..")
      .should().dependOnClassesThat().resideInAnyPackage("ai.djl..");
}
