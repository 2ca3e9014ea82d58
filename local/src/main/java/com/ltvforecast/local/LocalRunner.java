package com.ltvforecast.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code java -jar local/target/ltv-local.jar <command>}: runs the real Lambda handlers on one
 * machine against moto_server, LocalStack or {@code --endpoint URL}. Usage errors are one line on
 * stderr with exit code 2; a failure is one line with exit code 1, its stack trace in the JSON log
 * file.
 */
@Command(
    name = "ltv-local",
    mixinStandardHelpOptions = true,
    versionProvider = LocalRunner.Version.class,
    description = "Runs ltv-forecast's real Lambda handlers on one machine.",
    subcommands = {
      RunnerCommands.Demo.class,
      RunnerCommands.Ingest.class,
      RunnerCommands.Train.class,
      RunnerCommands.Evaluate.class,
      RunnerCommands.Serve.class,
      RunnerCommands.Reconcile.class,
      RunnerCommands.Bench.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "The endpoint is --endpoint, else AWS_ENDPOINT_URL, else LocalStack when Docker is up, else a "
          + "moto_server started on a free loopback port. JSON logs and EMF metrics go to files in "
          + "ltv-local-logs/ (or $LTV_LOG_DIR)."
    })
public final class LocalRunner {

  /** Exit code of a command line that could not be used. */
  static final int USAGE_ERROR = 2;

  /**
   * Exit code of a run that failed, or whose outcome was not what the command is for (e.g. no
   * model).
   */
  static final int FAILED = 1;

  public static void main(String[] args) {
    System.setProperty("DJL_OFFLINE", "true");
    ConsoleLogging.configure();
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; never throws. */
  static int run(String[] args) {
    CommandLine cli = new CommandLine(new LocalRunner());
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          CommandLine command = e.getCommandLine();
          PrintWriter err = command.getErr();
          err.println(
              "error: "
                  + e.getMessage()
                  + " (see '"
                  + command.getCommandSpec().qualifiedName()
                  + " --help')");
          return USAGE_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof UsageException) {
            command.getErr().println("error: " + e.getMessage());
            return USAGE_ERROR;
          }
          LoggerFactory.getLogger(LocalRunner.class).atError().setCause(e).log("command failed");
          command
              .getErr()
              .println("error: " + oneLine(e) + " (details in " + ConsoleLogging.logFile() + ")");
          return FAILED;
        });
    return cli.execute(args);
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The version the build wrote into {@code ltv-local-version.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties properties = new Properties();
      try (InputStream in =
          LocalRunner.class.getResourceAsStream("/ltv-local-version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "ltv-local "
            + properties.getProperty("version", "unknown")
            + " (Java "
            + Runtime.version()
            + ")"
      };
    }
  }

  /**
   * A command that cannot run as given (missing data file, bad date in the data, port taken): exit
   * code 2.
   */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
