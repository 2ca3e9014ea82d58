package com.ltvforecast.aws;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one AWS client factory.
 *
 * <p>Region comes from {@code AWS_REGION} (set by Lambda), falling back to {@code us-east-1}.
 * Endpoints are left to the SDK's own {@code AWS_ENDPOINT_URL} and {@code
 * AWS_ENDPOINT_URL_<SERVICE>} variables (or the {@code aws.endpointUrl*} system properties); when
 * one is set, S3 uses path-style addressing, which moto and LocalStack need. All clients share one
 * HTTP client, because each HTTP client holds its own connection pool.
 *
 * <p>Build the clients once per execution environment (in a handler's constructor), never inside
 * {@code handleRequest}.
 */
public final class AwsClients {

  private static final SdkHttpClient HTTP =
      UrlConnectionHttpClient.builder()
          .connectionTimeout(Duration.ofSeconds(5))
          .socketTimeout(Duration.ofSeconds(60))
          .build();

  private AwsClients() {}

  public static S3Client s3() {
    return S3Client.builder()
        .httpClient(HTTP)
        .region(region())
        .forcePathStyle(localEndpointConfigured("S3"))
        .overrideConfiguration(retries())
        .build();
  }

  public static DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder()
        .httpClient(HTTP)
        .region(region())
        .overrideConfiguration(retries())
        .build();
  }

  public static SqsClient sqs() {
    return SqsClient.builder()
        .httpClient(HTTP)
        .region(region())
        .overrideConfiguration(retries())
        .build();
  }

  public static EventBridgeClient eventBridge() {
    return EventBridgeClient.builder()
        .httpClient(HTTP)
        .region(region())
        .overrideConfiguration(retries())
        .build();
  }

  /** True when the SDK will send this service's calls to an endpoint other than AWS's. */
  public static boolean localEndpointConfigured(String serviceId) {
    return setting("AWS_ENDPOINT_URL_" + serviceId, "aws.endpointUrl" + serviceId) != null
        || setting("AWS_ENDPOINT_URL", "aws.endpointUrl") != null;
  }

  static Region region() {
    String region = setting("AWS_REGION", "aws.region");
    if (region == null) {
      region = setting("AWS_DEFAULT_REGION", "aws.region");
    }
    // Lambda always sets AWS_REGION; the fallback serves local runs against moto or LocalStack.
    return region == null ? Region.US_EAST_1 : Region.of(region);
  }

  private static ClientOverrideConfiguration retries() {
    return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
  }

  private static String setting(String envName, String propertyName) {
    String value = System.getenv(envName);
    if (value == null || value.isBlank()) {
      value = System.getProperty(propertyName);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
