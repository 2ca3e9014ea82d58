package com.ltvforecast.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependency rules over the main classes of every module (this module sees them all through the
 * local runner, which depends on every function): the domain stays testable without AWS or
 * libtorch, DJL stays in the model package, the functions stay independent of one another, and
 * local plumbing (the local-support module) stays out of the Lambda functions and shared.
 */
@AnalyzeClasses(packages = "com.ltvforecast", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

  private static final String[] DOMAIN = {
    "com.ltvforecast.transactions..", "com.ltvforecast.curated..", "com.ltvforecast.features..",
    "com.ltvforecast.btyd..", "com.ltvforecast.evaluation..", "com.ltvforecast.config..",
    "com.ltvforecast.drift..", "com.ltvforecast.selection.."
  };

  private static final String INGEST = "com.ltvforecast.ingest..";
  private static final String TRAINING = "com.ltvforecast.training..";
  private static final String PREDICTION = "com.ltvforecast.prediction..";
  private static final String PRECOMPUTE = "com.ltvforecast.precompute..";
  private static final String LOCAL = "com.ltvforecast.local..";

  // The local-support module's two packages: the local endpoints and tables, the test fixtures.
  private static final String ENDPOINT = "com.ltvforecast.endpoint..";
  private static final String TESTING = "com.ltvforecast.testing..";

  @ArchTest
  static final ArchRule domainIsFreeOfAwsSdk =
      noClasses()
          .that()
          .resideInAnyPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("software.amazon..", "com.amazonaws..");

  @ArchTest
  static final ArchRule domainIsFreeOfDjl =
      noClasses()
          .that()
          .resideInAnyPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.djl..");

  /**
   * What the API serves with reaches no DJL class, directly or through anything it uses (predict
   * ships without DJL).
   */
  @ArchTest
  static final ArchRule plainScoringNeverReachesDjl =
      noClasses()
          .that()
          .resideInAnyPackage("com.ltvforecast.forward..", PREDICTION)
          .or()
          .haveFullyQualifiedName("com.ltvforecast.forecast.PlainForecasters")
          .or()
          .haveFullyQualifiedName("com.ltvforecast.forecast.PlainNetworkForecaster")
          .or()
          .haveFullyQualifiedName("com.ltvforecast.serving.ServingModel")
          .should()
          .transitivelyDependOnClassesThat()
          .resideInAnyPackage("ai.djl..");

  @ArchTest
  static final ArchRule onlyTheModelPackageTouchesDjl =
      noClasses()
          .that()
          .resideOutsideOfPackage("com.ltvforecast.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.djl..");

  @ArchTest
  static final ArchRule ingestStandsAlone =
      noClasses()
          .that()
          .resideInAPackage(INGEST)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(TRAINING, PREDICTION, PRECOMPUTE, LOCAL);

  @ArchTest
  static final ArchRule trainingStandsAlone =
      noClasses()
          .that()
          .resideInAPackage(TRAINING)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGEST, PREDICTION, PRECOMPUTE, LOCAL);

  @ArchTest
  static final ArchRule predictionStandsAlone =
      noClasses()
          .that()
          .resideInAPackage(PREDICTION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGEST, TRAINING, PRECOMPUTE, LOCAL);

  @ArchTest
  static final ArchRule precomputeStandsAlone =
      noClasses()
          .that()
          .resideInAPackage(PRECOMPUTE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGEST, TRAINING, PREDICTION, LOCAL);

  @ArchTest
  static final ArchRule sharedDependsOnNoFunction =
      noClasses()
          .that()
          .resideOutsideOfPackages(INGEST, TRAINING, PREDICTION, PRECOMPUTE, LOCAL)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGEST, TRAINING, PREDICTION, PRECOMPUTE, LOCAL);

  /**
   * local-support (local endpoints, the template's tables, the test fixtures) is for the local
   * runner and the tests: no class that ships in a Lambda artifact (the functions and shared) uses
   * it or Testcontainers. The packaging tests check the artifacts themselves.
   */
  @ArchTest
  static final ArchRule lambdaCodeDependsOnNoLocalSupport =
      noClasses()
          .that()
          .resideOutsideOfPackages(LOCAL, ENDPOINT, TESTING)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ENDPOINT, TESTING, "org.testcontainers..");

  /**
   * Functions take their configuration from a lookup ({@code AppConfig.from}), never from system
   * properties: no class sets one, except to configure a library (DJL's engine threads in the model
   * package, the AWS SDK's endpoint in local-support, logging and DJL in the local runner).
   */
  @ArchTest
  static final ArchRule noSystemPropertiesAsConfiguration =
      noClasses()
          .that()
          .resideOutsideOfPackages("com.ltvforecast.model..", ENDPOINT, LOCAL)
          .should()
          .callMethod(System.class, "setProperty", String.class, String.class);
}
