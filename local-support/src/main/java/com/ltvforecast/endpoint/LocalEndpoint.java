package com.ltvforecast.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real AWS wire-protocol endpoint for local runs and integration tests, chosen in this order:
 *
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL}, when set (LocalStack you run yourself, or a real account);
 *   <li>LocalStack through Testcontainers, when a Docker engine answers;
 *   <li>{@code moto_server} on a free loopback port, started here and stopped on {@link #close()}.
 * </ol>
 *
 * <p>When none is available, {@link #start()} fails with a message saying what to install.
 */
public final class LocalEndpoint implements AutoCloseable {

  public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";
  private static final Duration MOTO_START_TIMEOUT = Duration.ofSeconds(30);

  private final URI uri;
  private final String kind;
  private final AutoCloseable owned;

  private LocalEndpoint(URI uri, String kind, AutoCloseable owned) {
    this.uri = uri;
    this.kind = kind;
    this.owned = owned;
  }

  /** Picks an endpoint in the documented order. */
  public static LocalEndpoint start() {
    String configured = System.getenv("AWS_ENDPOINT_URL");
    if (configured != null && !configured.isBlank()) {
      return external(URI.create(configured.trim()));
    }
    if (LocalStack.dockerAvailable()) {
      return LocalStack.start();
    }
    return startMoto();
  }

  /** An endpoint someone else runs, such as {@code --endpoint URL}. */
  public static LocalEndpoint external(URI uri) {
    return new LocalEndpoint(uri, "AWS_ENDPOINT_URL", null);
  }

  /** Starts {@code moto_server} on a free loopback port. */
  public static LocalEndpoint startMoto() {
    int port = freePort();
    return startMoto(
        List.of("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port)),
        port,
        "moto_server");
  }

  /**
   * Starts moto's server on a free loopback port handling one request at a time. moto checks a
   * condition and then writes without a lock, so concurrent conditional writes can both succeed on
   * {@code moto_server}; served one at a time they are atomic, as DynamoDB and S3 promise. For
   * tests of races; it is slower.
   */
  public static LocalEndpoint startSerialMoto() {
    int port = freePort();
    String server =
        "import sys\n"
            + "from werkzeug.serving import run_simple\n"
            + "from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app\n"
            + "run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)\n";
    return startMoto(
        List.of("python3", "-c", server, "127.0.0.1", Integer.toString(port)), port, SERIAL_MOTO);
  }

  /** The kind of {@link #startSerialMoto()}'s endpoint. */
  public static final String SERIAL_MOTO = "moto_server (one request at a time)";

  private static LocalEndpoint startMoto(List<String> command, int port, String kind) {
    Process process;
    Path log;
    try {
      log = Files.createTempFile("moto-", ".log");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new EndpointUnavailableException(
          "no AWS endpoint: AWS_ENDPOINT_URL is not set, no Docker engine answers for LocalStack, and "
              + "moto_server could not be started ("
              + e.getMessage()
              + "). Install moto with "
              + "`pip install 'moto[server]'`, start Docker, or set AWS_ENDPOINT_URL.",
          e);
    }
    long deadline = System.nanoTime() + MOTO_START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new EndpointUnavailableException(
            "moto_server exited with code "
                + process.exitValue()
                + " before listening; see "
                + log);
      }
      if (listening(port)) {
        // Stop moto with the JVM too (Ctrl-C on a local command), not only on close().
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        return new LocalEndpoint(URI.create("http://127.0.0.1:" + port), kind, () -> stop(process));
      }
      sleep(50);
    }
    stop(process);
    throw new EndpointUnavailableException(
        "moto_server did not listen on port "
            + port
            + " within "
            + MOTO_START_TIMEOUT.toSeconds()
            + " s; see "
            + log);
  }

  public URI uri() {
    return uri;
  }

  /** Which kind of endpoint this is: AWS_ENDPOINT_URL, localstack or moto_server. */
  public String kind() {
    return kind;
  }

  /**
   * Points every AWS SDK client built afterwards in this JVM at this endpoint, through the SDK's
   * own system properties. Test credentials are set only when none are configured.
   */
  public LocalEndpoint applyToSdk() {
    System.setProperty("aws.endpointUrl", uri.toString());
    if (System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null) {
      System.setProperty("aws.region", "us-east-1");
    }
    if (System.getenv("AWS_ACCESS_KEY_ID") == null
        && System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "test");
      System.setProperty("aws.secretAccessKey", "test");
    }
    return this;
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop " + kind, e);
      }
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EndpointUnavailableException("no free loopback port: " + e.getMessage(), e);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EndpointUnavailableException("interrupted while waiting for moto_server", e);
    }
  }

  /** Testcontainers is optional: referenced only after checking that it is on the class path. */
  private static final class LocalStack {
    static boolean dockerAvailable() {
      // Skip Testcontainers' own probe (and its error log) when there is plainly no engine to find.
      if (System.getenv("DOCKER_HOST") == null
          && !Files.exists(Path.of("/var/run/docker.sock"))
          && !Files.exists(
              Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
        return false;
      }
      try {
        Class.forName("org.testcontainers.DockerClientFactory");
      } catch (ClassNotFoundException e) {
        return false;
      }
      try {
        return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        return false;
      }
    }

    static LocalEndpoint start() {
      org.testcontainers.localstack.LocalStackContainer container =
          new org.testcontainers.localstack.LocalStackContainer(LOCALSTACK_IMAGE)
              .withServices("s3", "dynamodb", "sqs", "events");
      container.start();
      return new LocalEndpoint(container.getEndpoint(), "localstack", container::stop);
    }
  }
}
