package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.ltvforecast.json.Json;
import com.ltvforecast.testing.ProjectFiles;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's security posture, and that every handler it names exists in the artifacts the
 * build produced (the ingest zip and each image function's packaged tree). Runs after every module
 * is packaged, which is why it lives in the last module of the reactor.
 */
class TemplateIT {

  private static JsonNode template;
  private static Path root;

  @BeforeAll
  static void read() throws IOException {
    root = ProjectFiles.root();
    template = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("template.yaml").toFile());
  }

  private static List<Map.Entry<String, JsonNode>> resources(String type) {
    List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
    template
        .get("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (type.equals(e.getValue().path("Type").asText())) {
                found.add(e);
              }
            });
    return found;
  }

  @Test
  void policies_shouldNameActionsAndResources_neverWildcards() {
    List<Map.Entry<String, JsonNode>> functions = resources("AWS::Serverless::Function");
    assertEquals(4, functions.size());
    for (Map.Entry<String, JsonNode> function : functions) {
      JsonNode policies = function.getValue().at("/Properties/Policies");
      assertTrue(
          policies.isArray() && !policies.isEmpty(), function.getKey() + " has inline policies");
      for (JsonNode policy : policies) {
        assertTrue(
            policy.has("Statement"),
            function.getKey() + " uses only inline statements, no managed templates");
        for (JsonNode statement : policy.get("Statement")) {
          for (JsonNode action : list(statement.get("Action"))) {
            assertFalse(action.asText().contains("*"), function.getKey() + " action " + action);
          }
          for (JsonNode resource : list(statement.get("Resource"))) {
            assertFalse(
                resource.isTextual() && resource.asText().equals("*"),
                function.getKey() + " resource *");
          }
        }
      }
    }
  }

  @Test
  void bucket_shouldBeEncryptedVersionedPrivateAndTlsOnly() {
    JsonNode bucket = template.at("/Resources/DataBucket/Properties");
    assertEquals("Enabled", bucket.at("/VersioningConfiguration/Status").asText());
    assertFalse(
        bucket
            .at(
                "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
            .asText()
            .isEmpty());
    JsonNode block = bucket.get("PublicAccessBlockConfiguration");
    for (String flag :
        List.of(
            "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
      assertTrue(block.get(flag).asBoolean(), flag);
    }
    JsonNode deny =
        template.at("/Resources/DataBucketPolicy/Properties/PolicyDocument/Statement/0");
    assertEquals("Deny", deny.get("Effect").asText());
    assertEquals("false", deny.at("/Condition/Bool/aws:SecureTransport").asText());
  }

  @Test
  void tables_shouldHaveEncryptionAndPointInTimeRecovery() {
    List<Map.Entry<String, JsonNode>> tables = resources("AWS::DynamoDB::Table");
    assertEquals(3, tables.size());
    for (Map.Entry<String, JsonNode> table : tables) {
      assertTrue(
          table.getValue().at("/Properties/SSESpecification/SSEEnabled").asBoolean(),
          table.getKey());
      assertTrue(
          table
              .getValue()
              .at("/Properties/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
              .asBoolean(),
          table.getKey());
    }
  }

  @Test
  void logGroups_shouldAllHaveRetention_andEveryFunctionUsesOne() {
    for (Map.Entry<String, JsonNode> group : resources("AWS::Logs::LogGroup")) {
      assertTrue(
          group.getValue().at("/Properties/RetentionInDays").isTextual()
              || group.getValue().at("/Properties/RetentionInDays").isNumber(),
          group.getKey());
    }
    for (Map.Entry<String, JsonNode> function : resources("AWS::Serverless::Function")) {
      String group = function.getValue().at("/Properties/LoggingConfig/LogGroup").asText();
      assertEquals(
          "AWS::Logs::LogGroup",
          template.at("/Resources/" + group + "/Type").asText(),
          function.getKey());
    }
  }

  @Test
  void api_shouldUseIamAuthByDefault() {
    assertEquals("IAM", template.at("/Parameters/ApiAuth/Default").asText());
    List<Map.Entry<String, JsonNode>> routes = resources("AWS::ApiGatewayV2::Route");
    assertFalse(routes.isEmpty());
    for (Map.Entry<String, JsonNode> route : routes) {
      // !If [UseJwt, JWT, AWS_IAM]: IAM unless the parameter asks for JWT
      JsonNode auth = route.getValue().at("/Properties/AuthorizationType");
      assertEquals("AWS_IAM", auth.get(2).asText(), route.getKey());
    }
  }

  @Test
  void rawNotifications_shouldMatchTheLocalStacksRules() {
    JsonNode events = template.at("/Resources/IngestFunction/Properties/Events");
    List<String> suffixes = new ArrayList<>();
    events
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().equals("DailyReconcile")) {
                return;
              }
              assertEquals("S3", e.getValue().path("Type").asText(), e.getKey());
              for (JsonNode rule : e.getValue().at("/Properties/Filter/S3Key/Rules")) {
                if (rule.path("Name").asText().equals("prefix")) {
                  assertEquals("raw/", rule.path("Value").asText(), e.getKey());
                } else {
                  assertEquals("suffix", rule.path("Name").asText(), e.getKey());
                  suffixes.add(rule.path("Value").asText());
                }
              }
            });
    assertEquals(
        LocalDeployment.RAW_SUFFIXES,
        suffixes,
        "the local runner notifies exactly what the template does");
  }

  @Test
  void bucketListing_shouldBeLimitedToTheFunctionsPrefixes() {
    for (Map.Entry<String, JsonNode> function : resources("AWS::Serverless::Function")) {
      for (JsonNode statement : function.getValue().at("/Properties/Policies/0/Statement")) {
        if (list(statement.get("Action")).stream()
            .anyMatch(a -> a.asText().equals("s3:ListBucket"))) {
          JsonNode prefixes = statement.at("/Condition/StringLike/s3:prefix");
          assertTrue(
              prefixes.isArray() && !prefixes.isEmpty(),
              function.getKey() + " lists the whole bucket");
          for (JsonNode prefix : prefixes) {
            assertTrue(
                prefix.asText().matches("[a-z]+/\\*"), function.getKey() + " lists " + prefix);
          }
        }
      }
    }
  }

  @Test
  void sqsEvents_shouldNotBringSamsManagedPollerPolicy() {
    for (Map.Entry<String, JsonNode> function : resources("AWS::Serverless::Function")) {
      function
          .getValue()
          .at("/Properties/Events")
          .fields()
          .forEachRemaining(
              e ->
                  assertFalse(
                      e.getValue().path("Type").asText().equals("SQS"),
                      function.getKey()
                          + "."
                          + e.getKey()
                          + " is a SAM SQS event, which attaches AWSLambdaSQSQueueExecutionRole (every queue)"));
    }
    JsonNode mapping = template.at("/Resources/PrecomputeShardMessages/Properties");
    assertEquals(
        "PrecomputeQueue",
        mapping.at("/EventSourceArn").toString().replaceAll(".*\"(\\w+)\\.Arn.*", "$1"));
  }

  @Test
  void bucketName_shouldHoldTheStackName_soTwoStacksInOneAccountDoNotCollide() throws IOException {
    String name = template.at("/Resources/DataBucket/Properties/BucketName").asText();
    assertTrue(name.startsWith("${AWS::StackName}-"), name);
    // every configured stack name makes a valid bucket name: lowercase, and at most 63 characters
    // in all
    String longestRegion = "ap-southeast-3";
    for (String line : Files.readAllLines(root.resolve("samconfig.toml"))) {
      if (line.startsWith("stack_name")) {
        String stack = line.replaceAll(".*\"(.*)\".*", "$1");
        String bucket =
            name.replace("${AWS::StackName}", stack)
                .replace("${AWS::AccountId}", "123456789012")
                .replace("${AWS::Region}", longestRegion);
        assertTrue(bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]"), bucket);
      }
    }
  }

  @Test
  void policies_shouldNameTheStacksOwnBucket_inEveryS3Resource() {
    String bucket = template.at("/Resources/DataBucket/Properties/BucketName").asText();
    for (Map.Entry<String, JsonNode> function : resources("AWS::Serverless::Function")) {
      for (JsonNode statement : function.getValue().at("/Properties/Policies/0/Statement")) {
        for (JsonNode resource : list(statement.get("Resource"))) {
          String arn = resource.asText();
          if (arn.contains(":s3:::")) {
            assertTrue(
                arn.contains(":s3:::" + bucket),
                function.getKey() + " names another bucket: " + arn);
          }
        }
      }
    }
  }

  @Test
  void reconcileSchedule_shouldSendTheSampleEvent() throws IOException {
    JsonNode schedule =
        template.at("/Resources/IngestFunction/Properties/Events/DailyReconcile/Properties");
    // the YAML reader drops the !Ref and !Sub tags and keeps their text
    assertEquals("ReconcileSchedule", schedule.get("ScheduleExpression").asText());
    String input =
        schedule
            .get("Input")
            .asText()
            .replace(
                "${ReconcileOrphanGraceHours}",
                template.at("/Parameters/ReconcileOrphanGraceHours/Default").asText());
    assertEquals(
        Json.MAPPER.readTree(Files.readString(root.resolve("events/schedule-reconcile.json"))),
        Json.MAPPER.readTree(input));
  }

  @Test
  void alarms_shouldBeAbleToFire() {
    // the topic's key lets CloudWatch publish: not the AWS managed alias/aws/sns, whose policy
    // excludes it
    JsonNode key = template.at("/Resources/AlarmTopic/Properties/KmsMasterKeyId");
    assertFalse(key.isTextual() && key.asText().startsWith("alias/aws/"), key.toString());
    String keyPolicy = template.at("/Resources/AlarmTopicKey/Properties/KeyPolicy").toString();
    assertTrue(
        keyPolicy.contains("cloudwatch.amazonaws.com")
            && keyPolicy.contains("kms:GenerateDataKey*"),
        keyPolicy);
    // every alarm's evaluation range is within CloudWatch's 7 days, whatever its parameters'
    // allowed values
    for (Map.Entry<String, JsonNode> alarm : resources("AWS::CloudWatch::Alarm")) {
      JsonNode properties = alarm.getValue().get("Properties");
      long periods = numberOrParameterMax(properties.path("EvaluationPeriods"));
      long period =
          properties.has("Period")
              ? properties.get("Period").asLong()
              : properties.findValue("Period").asLong();
      assertTrue(period * periods <= 604_800, alarm.getKey() + ": " + period + " s x " + periods);
      assertEquals("AlarmTopic", properties.at("/AlarmActions/0").asText(), alarm.getKey());
    }
    // the API's 5xx answers, which are responses and not invocation errors, have an alarm
    assertEquals(
        "5xx", template.at("/Resources/ApiServerErrorsAlarm/Properties/MetricName").asText());
    // asynchronous invocations that fail after their retries are kept, not dropped
    for (String function : List.of("IngestFunction", "TrainFunction")) {
      JsonNode onFailure =
          template.at(
              "/Resources/"
                  + function
                  + "/Properties/EventInvokeConfig/DestinationConfig/OnFailure");
      assertEquals("SQS", onFailure.path("Type").asText(), function);
    }
  }

  private static long numberOrParameterMax(JsonNode value) {
    if (value.isNumber() || value.isTextual() && value.asText().matches("\\d+")) {
      return value.asLong();
    }
    String parameter = value.asText();
    JsonNode max = template.at("/Parameters/" + parameter + "/MaxValue");
    assertTrue(max.isNumber(), parameter + " has a MaxValue");
    return max.asLong();
  }

  @Test
  void template_shouldHoldNoSecrets() throws IOException {
    String text = Files.readString(root.resolve("template.yaml"));
    assertFalse(Pattern.compile("AKIA[0-9A-Z]{16}").matcher(text).find(), "an access key id");
    template
        .get("Parameters")
        .fields()
        .forEachRemaining(
            p -> {
              if (p.getKey().matches("(?i).*(secret|password|token).*")) {
                fail("parameter " + p.getKey() + " looks like a secret");
              }
            });
  }

  @Test
  void handlers_shouldExistInTheBuiltArtifacts() throws Exception {
    for (Map.Entry<String, JsonNode> function : resources("AWS::Serverless::Function")) {
      JsonNode properties = function.getValue().get("Properties");
      if ("Image".equals(properties.path("PackageType").asText())) {
        Path context =
            root.resolve(function.getValue().at("/Metadata/DockerContext").asText()).normalize();
        String dockerfile =
            Files.readString(
                context.resolve(function.getValue().at("/Metadata/Dockerfile").asText()));
        Matcher cmd = Pattern.compile("CMD \\[\"([\\w.]+)::(\\w+)\"]").matcher(dockerfile);
        assertTrue(cmd.find(), function.getKey() + " Dockerfile has a CMD naming the handler");
        try (Stream<Path> jars = Files.list(context.resolve("target/lambda/lib"))) {
          assertHandler(function.getKey(), jars.toList(), cmd.group(1), cmd.group(2));
        }
      } else {
        String[] handler = properties.get("Handler").asText().split("::");
        Path zip = root.resolve(properties.get("CodeUri").asText());
        assertEquals("java21", properties.get("Runtime").asText());
        assertHandler(
            function.getKey(),
            zip.toString().endsWith(".zip") ? libJars(zip) : List.of(zip),
            handler[0],
            handler[1]);
      }
    }
  }

  @Test
  void predictFunction_shouldBeAZipWithSnapStartOnItsPublishedAlias_andNoProvisionedConcurrency()
      throws IOException {
    JsonNode predict = template.at("/Resources/PredictFunction/Properties");
    assertEquals("java21", predict.path("Runtime").asText());
    assertTrue(predict.path("CodeUri").asText().endsWith("-lambda.zip"), predict.toString());
    assertEquals("PublishedVersions", predict.at("/SnapStart/ApplyOn").asText());
    assertEquals("live", predict.path("AutoPublishAlias").asText());
    assertFalse(
        predict.has("ProvisionedConcurrencyConfig"), "SnapStart excludes provisioned concurrency");
    assertFalse(predict.has("PackageType"), "no container image: sam build needs no Docker for it");
    Path zip = root.resolve(predict.path("CodeUri").asText());
    assertTrue(Files.size(zip) <= 30L * 1024 * 1024, zip + ": " + Files.size(zip) + " bytes");
  }

  /** The jars under lib/ of a Lambda zip, unpacked to a temporary folder. */
  private static List<Path> libJars(Path zip) throws IOException {
    Path dir = Files.createTempDirectory("template-it-");
    List<Path> jars = new ArrayList<>();
    try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
      for (java.util.zip.ZipEntry entry : java.util.Collections.list(file.entries())) {
        if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
          Path jar = dir.resolve(Path.of(entry.getName()).getFileName().toString());
          try (java.io.InputStream in = file.getInputStream(entry)) {
            Files.copy(in, jar);
          }
          jars.add(jar);
        }
      }
    }
    assertFalse(jars.isEmpty(), zip + " has no lib/*.jar");
    return jars;
  }

  private static void assertHandler(
      String function, List<Path> jars, String className, String method) throws Exception {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      assertTrue(Files.isRegularFile(jars.get(i)), function + ": missing artifact " + jars.get(i));
      urls[i] = jars.get(i).toUri().toURL();
    }
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> type = Class.forName(className, false, loader);
      assertTrue(
          Stream.of(type.getMethods()).anyMatch(m -> m.getName().equals(method)),
          function + ": " + className + " has no method " + method);
    }
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(out::add);
    } else {
      out.add(node);
    }
    return out;
  }
}
