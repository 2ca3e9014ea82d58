package com.ltvforecast.testing;

import com.ltvforecast.endpoint.LocalEndpoint;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a real AWS wire-protocol endpoint, in the order of {@link LocalEndpoint}:
 * {@code AWS_ENDPOINT_URL}, LocalStack when Docker answers, else {@code moto_server}. One endpoint
 * serves the whole test JVM and stops when it ends. Every SDK client built afterwards points at it.
 *
 * <p>When no endpoint can be had, the tests fail with the message saying what to install; they
 * never pass silently.
 */
public final class AwsEndpointExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AwsEndpointExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    endpoint(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return endpoint(context);
  }

  private static LocalEndpoint endpoint(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "endpoint", k -> new Holder(LocalEndpoint.start().applyToSdk()), Holder.class)
        .endpoint;
  }

  /** Closed by JUnit when the root context ends, which stops moto_server. */
  private record Holder(LocalEndpoint endpoint)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      endpoint.close();
    }
  }
}
